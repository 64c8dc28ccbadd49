import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insideWorkspace, isPtError, realTarget } from '../../src/base/index.js';
import { tempDir } from '../helpers/cli.js';

function refusal(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (isPtError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('realTarget', () => {
  it('follows links on the way, and a link whose target does not exist yet', () => {
    const ws = realpathSync(tempDir());
    const out = realpathSync(tempDir());
    symlinkSync(out, join(ws, 'linked'), 'dir');
    expect(realTarget(join(ws, 'linked/new/file.md'))).toBe(join(out, 'new/file.md'));
    symlinkSync(join(out, 'missing.md'), join(ws, 'dangling.md'));
    expect(realTarget(join(ws, 'dangling.md'))).toBe(join(out, 'missing.md'));
    expect(realTarget(join(ws, 'a/../b.md'))).toBe(join(ws, 'b.md'));
  });

  it('ends on a loop of links', () => {
    const ws = realpathSync(tempDir());
    symlinkSync(join(ws, 'b'), join(ws, 'a'));
    symlinkSync(join(ws, 'a'), join(ws, 'b'));
    expect(realTarget(join(ws, 'a/x.md')).startsWith(ws)).toBe(true);
  });
});

describe('insideWorkspace', () => {
  it('allows the workspace and configured folders, refuses what leads elsewhere', () => {
    const ws = tempDir();
    const out = tempDir();
    const conf = tempDir();
    mkdirSync(join(ws, 'docs'));
    symlinkSync(out, join(ws, 'docs/proposals'), 'dir');
    symlinkSync(conf, join(ws, 'decisions'), 'dir');
    const scope = { root: ws, configured: [join(ws, 'decisions')] };
    expect(insideWorkspace(scope, join(ws, 'docs/x.md'))).toBe(join(realpathSync(ws), 'docs/x.md'));
    expect(insideWorkspace(scope, join(ws, 'decisions/specs/S.md'))).toBe(
      join(realpathSync(conf), 'specs/S.md'),
    );
    const e = refusal(() => insideWorkspace(scope, join(ws, 'docs/proposals/P.md'), 'docs/proposals/P.md'));
    expect(e.code).toBe('path/outside-workspace');
    expect(e.exit).toBe(3);
    expect(e.message).toBe(
      `docs/proposals/P.md is outside the workspace ${ws} (it leads to ${join(realpathSync(out), 'P.md')})`,
    );
    expect(e.location).toEqual({ file: 'docs/proposals/P.md' });
    expect(refusal(() => insideWorkspace(scope, join(ws, '../elsewhere.md'))).code).toBe(
      'path/outside-workspace',
    );
    // A sibling whose name starts like the workspace's is not inside it.
    expect(refusal(() => insideWorkspace(scope, `${ws}-other/x.md`)).code).toBe('path/outside-workspace');
  });
});

import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, seedWorkspace, tempDir } from '../helpers/cli.js';

// Input that names more, or less, than exists: each is refused with a code and a hint instead of
// being answered as if it were something else.
describe('trace and show with IDs that do not name one thing', () => {
  let ws: string;
  let spec: string;
  beforeAll(() => {
    ws = seedWorkspace();
    spec = readdirSync(join(ws, 'docs/specs')).find((f) => f.startsWith('SPEC-0001'))!;
  }, 60_000);

  it('show refuses a path past the requirement ID, and a "/" with no requirement', () => {
    expect(cli(['show', 'SPEC-0001/REQ-001'], { cwd: ws }).code).toBe(0);
    const extra = cli(['show', 'SPEC-0001/REQ-001/extra'], { cwd: ws });
    expect(extra.code).toBe(2);
    expect(extra.stdout).toBe('');
    expect(extra.stderr).toContain(
      'error usage/bad-id: "SPEC-0001/REQ-001/extra" has "/extra" after the requirement ID',
    );
    expect(extra.stderr).toContain(
      'hint: Give a document ID (SPEC-0001), a requirement ID (SPEC-0001/REQ-001) or a requirement name (SPEC-0001#Monitoring).',
    );
    const json = JSON.parse(cli(['show', 'SPEC-0001/REQ-001/a/b', '--json'], { cwd: ws }).stdout);
    expect(json).toMatchObject({ ok: false, error: { code: 'usage/bad-id', exit: 2 } });
    expect(json.error.message).toContain('"/a/b"');
    const bare = cli(['show', 'SPEC-0001/'], { cwd: ws });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('"SPEC-0001/" names no requirement after the "/"');
  });

  it('trace refuses an ID two documents share, naming both files', () => {
    const w = seedWorkspace();
    const specs = join(w, 'docs/specs');
    copyFileSync(join(specs, spec), join(specs, 'SPEC-0001-copy.md'));
    for (const id of ['SPEC-0001', 'SPEC-0001/REQ-001']) {
      const r = cli(['trace', id], { cwd: w });
      expect(r.code, id).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        `docs/specs/${spec}:15:3: error id/duplicate: SPEC-0001 is used by 2 documents: docs/specs/SPEC-0001-copy.md:15:3, docs/specs/${spec}:15:3`,
      );
      expect(r.stderr).toContain('hint: Run "papertrail renumber"');
    }
    const json = JSON.parse(cli(['trace', 'SPEC-0001', '--json'], { cwd: w }).stdout);
    expect(json).toMatchObject({ ok: false, error: { code: 'id/duplicate', exit: 3 } });
    expect(cli(['trace', 'PROP-0001'], { cwd: w }).code).toBe(0);
  }, 60_000);
});

describe('next in a repository that was never planned', () => {
  it('says so and points at plan, for next and implement alike', () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    for (const args of [['next'], ['implement']]) {
      const r = cli(args, { cwd: repo });
      expect(r.code, args[0]).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        'error plan/not-planned: SPEC-0001 has not been planned in github/runner-infra: it has no issues there',
      );
      expect(r.stderr).toContain('hint: Run "papertrail plan" to create its issues');
    }
    expect(JSON.parse(cli(['next', '--json'], { cwd: repo }).stdout)).toMatchObject({
      ok: false,
      error: { code: 'plan/not-planned', exit: 3 },
    });
  }, 120_000);
});

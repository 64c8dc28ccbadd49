import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPtError, type PtError, writeFileAtomic, writeFilesAtomic } from '../../src/base/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pt-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `dir`, relative, sorted: temp files would show up here. */
function tree(d = dir, prefix = ''): string[] {
  return readdirSync(d, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? [`${prefix}${e.name}/`, ...tree(join(d, e.name), `${prefix}${e.name}/`)]
        : [`${prefix}${e.name}`],
    )
    .sort();
}

function catchPt(fn: () => void): PtError {
  try {
    fn();
  } catch (e) {
    if (isPtError(e)) return e;
    throw e;
  }
  throw new Error('expected a PtError');
}

describe('writeFileAtomic', () => {
  it('creates folders, writes the bytes and leaves no temporary file', () => {
    const p = join(dir, 'docs/specs/SPEC-0001-x.md');
    writeFileAtomic(p, 'héllo\r\n');
    expect(readFileSync(p, 'utf8')).toBe('héllo\r\n');
    expect(tree()).toEqual(['docs/', 'docs/specs/', 'docs/specs/SPEC-0001-x.md']);
  });

  it('replaces an existing file', () => {
    const p = join(dir, 'a.md');
    writeFileSync(p, 'old');
    writeFileAtomic(p, 'new');
    expect(readFileSync(p, 'utf8')).toBe('new');
    expect(tree()).toEqual(['a.md']);
  });
});

describe('writeFilesAtomic', () => {
  it('writes every file, then removes the old names it was given', () => {
    writeFileSync(join(dir, 'SPEC-0003-old.md'), 'old');
    writeFileSync(join(dir, 'keep.md'), 'keep');
    writeFilesAtomic(
      [
        { path: join(dir, 'SPEC-0004-new.md'), content: 'moved' },
        { path: join(dir, 'keep.md'), content: 'kept and rewritten' },
      ],
      [join(dir, 'SPEC-0003-old.md'), join(dir, 'keep.md'), join(dir, 'never-existed.md')],
    );
    expect(tree()).toEqual(['SPEC-0004-new.md', 'keep.md']);
    expect(readFileSync(join(dir, 'keep.md'), 'utf8')).toBe('kept and rewritten');
  });

  it('leaves every target untouched and no temp file when a later file cannot be staged', () => {
    writeFileSync(join(dir, 'a.md'), 'original a');
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be');
    writeFileSync(join(dir, 'old.md'), 'old');
    const before = tree();
    const err = catchPt(() =>
      writeFilesAtomic(
        [
          { path: join(dir, 'a.md'), content: 'new a' },
          { path: join(dir, 'b.md'), content: 'new b' },
          { path: join(dir, 'blocker/c.md'), content: 'new c' },
        ],
        [join(dir, 'old.md')],
      ),
    );
    expect(err.code).toBe('fs/write-failed');
    expect(err.exit).toBe(4);
    expect(err.message).toContain(join(dir, 'blocker/c.md'));
    expect(err.hint).toContain('nothing was changed');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('original a');
    expect(existsSync(join(dir, 'b.md'))).toBe(false);
    expect(tree()).toEqual(before);
  });

  it('cleans up every temp file when a rename fails, and says how far it got', () => {
    mkdirSync(join(dir, 'target-is-a-folder'));
    writeFileSync(join(dir, 'target-is-a-folder/inside'), 'x');
    const err = catchPt(() =>
      writeFilesAtomic([
        { path: join(dir, 'first.md'), content: 'first' },
        { path: join(dir, 'target-is-a-folder'), content: 'cannot replace a folder' },
        { path: join(dir, 'third.md'), content: 'third' },
      ]),
    );
    expect(err.code).toBe('fs/write-failed');
    expect(err.message).toContain('target-is-a-folder');
    expect(err.hint).toContain('1 of 3 files were already written');
    expect(tree()).toEqual(['first.md', 'target-is-a-folder/', 'target-is-a-folder/inside']);
  });

  it('changes nothing when the very first rename fails', () => {
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'b.md'), 'original b');
    const err = catchPt(() =>
      writeFilesAtomic([
        { path: join(dir, 'folder'), content: 'x' },
        { path: join(dir, 'b.md'), content: 'new b' },
      ]),
    );
    expect(err.hint).toContain('nothing was changed');
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe('original b');
    expect(tree()).toEqual(['b.md', 'folder/']);
  });

  it('writes nothing for an empty list', () => {
    writeFilesAtomic([]);
    expect(tree()).toEqual([]);
  });
});

describe('writeFilesAtomic keeps what it replaces safe', () => {
  it("keeps an edited file's permission bits (0600, 0755), whatever the umask", () => {
    const secret = join(dir, 'private.md');
    const script = join(dir, 'run.sh');
    writeFileSync(secret, 'old', { mode: 0o600 });
    writeFileSync(script, '#!/bin/sh\n', { mode: 0o755 });
    chmodSync(secret, 0o600);
    chmodSync(script, 0o755);
    const umask = process.umask(0o077);
    try {
      writeFilesAtomic([
        { path: secret, content: 'new' },
        { path: script, content: '#!/bin/sh\necho hi\n' },
      ]);
    } finally {
      process.umask(umask);
    }
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(statSync(script).mode & 0o777).toBe(0o755);
    expect(readFileSync(script, 'utf8')).toContain('echo hi');
  });

  it('refuses with doc/changed, writing nothing, when a file is not what was read', () => {
    const a = join(dir, 'a.md');
    const b = join(dir, 'b.md');
    writeFileSync(a, 'as read');
    writeFileSync(b, 'changed by an editor meanwhile');
    const err = catchPt(() =>
      writeFilesAtomic([
        { path: a, content: 'new a', expect: 'as read' },
        { path: b, content: 'new b', expect: 'as read' },
      ]),
    );
    expect(err).toMatchObject({ code: 'doc/changed', exit: 3, location: { file: b } });
    expect(err.hint).toContain('nothing was written');
    expect(readFileSync(a, 'utf8')).toBe('as read');
    expect(readFileSync(b, 'utf8')).toBe('changed by an editor meanwhile');
    expect(tree()).toEqual(['a.md', 'b.md']);
  });

  it('never replaces a file on a create (expect: null), and a removal checks its file too', () => {
    const taken = join(dir, 'PROP-0002-x.md');
    writeFileSync(taken, 'someone else wrote this');
    const err = catchPt(() => writeFilesAtomic([{ path: taken, content: 'mine', expect: null }]));
    expect(err).toMatchObject({ code: 'doc/exists', exit: 3 });
    expect(readFileSync(taken, 'utf8')).toBe('someone else wrote this');
    expect(tree()).toEqual(['PROP-0002-x.md']);

    const old = join(dir, 'old.md');
    writeFileSync(old, 'edited');
    const moved = catchPt(() =>
      writeFilesAtomic(
        [{ path: join(dir, 'new.md'), content: 'x', expect: null }],
        [{ path: old, expect: 'read' }],
      ),
    );
    expect(moved.code).toBe('doc/changed');
    expect(tree()).toEqual(['PROP-0002-x.md', 'old.md']);

    writeFilesAtomic(
      [{ path: join(dir, 'fresh.md'), content: 'new', expect: null }],
      [{ path: old, expect: 'edited' }],
    );
    expect(tree()).toEqual(['PROP-0002-x.md', 'fresh.md']);
  });
});

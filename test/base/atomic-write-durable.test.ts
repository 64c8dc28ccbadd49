import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFilesAtomic } from '../../src/base/index.js';

// What the file system was asked to do, in order: the only honest way to see a folder flush, whose
// effect shows only after a power cut.
const calls: string[] = [];
const opened = new Map<number, string>();

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    openSync: (path: fs.PathLike, ...rest: unknown[]) => {
      const fd = (real.openSync as (...a: unknown[]) => number)(path, ...rest);
      opened.set(fd, String(path));
      return fd;
    },
    fsyncSync: (fd: number) => {
      const isDir = real.fstatSync(fd).isDirectory();
      calls.push(`fsync ${isDir ? 'dir' : 'file'} ${opened.get(fd)}`);
      return real.fsyncSync(fd);
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      calls.push(`rename ${String(to)}`);
      return real.renameSync(from, to);
    },
    linkSync: (from: fs.PathLike, to: fs.PathLike) => {
      calls.push(`link ${String(to)}`);
      return real.linkSync(from, to);
    },
  };
});

describe('writeFilesAtomic durability', () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'pt-durable-'));
  afterEach(() => {
    calls.length = 0;
  });

  it('flushes each folder that got a new name, once, after the renames', () => {
    fs.mkdirSync(join(dir, 'a'));
    fs.writeFileSync(join(dir, 'a/edited.md'), 'old');
    fs.writeFileSync(join(dir, 'a/gone.md'), 'moved away');
    writeFilesAtomic(
      [
        { path: join(dir, 'a/edited.md'), content: 'new' },
        { path: join(dir, 'a/created.md'), content: 'new', expect: null },
        { path: join(dir, 'b/nested.md'), content: 'new' },
      ],
      [join(dir, 'a/gone.md')],
    );
    const dirSyncs = calls.filter((c) => c.startsWith('fsync dir'));
    expect(dirSyncs.sort()).toEqual([`fsync dir ${join(dir, 'a')}`, `fsync dir ${join(dir, 'b')}`]);
    const lastMove = Math.max(
      ...calls.map((c, i) => (c.startsWith('rename') || c.startsWith('link') ? i : -1)),
    );
    const firstDirSync = calls.findIndex((c) => c.startsWith('fsync dir'));
    expect(firstDirSync).toBeGreaterThan(lastMove);
    // The file contents were flushed before they were renamed into place.
    expect(calls.filter((c) => c.startsWith('fsync file'))).toHaveLength(3);
    expect(fs.existsSync(join(dir, 'a/gone.md'))).toBe(false);
  });
});

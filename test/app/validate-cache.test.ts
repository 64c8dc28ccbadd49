// Where validate's cache lives, how a bad one is ignored, and that it is written atomically.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app/kernel/index.js';
import { CACHE_FILE, cacheLocation, loadCache, saveCache } from '../../src/app/workflow/validate-cache.js';
import { writeFileAtomic } from '../../src/base/atomic-write.js';
import { emptyCache } from '../../src/domain/openspec/cache-data.js';
import { tempDir } from '../helpers/cli.js';

// The real atomic writer, observed: the cache must go through it.
vi.mock('../../src/base/atomic-write.js', async (original) => {
  const real = await original<typeof import('../../src/base/atomic-write.js')>();
  return { ...real, writeFileAtomic: vi.fn(real.writeFileAtomic) };
});

function app(root: string, initialized: boolean, cwd = root): App {
  return { cwd, ws: { root, initialized } } as unknown as App;
}

describe('cacheLocation', () => {
  it('is .papertrail/cache in a workspace, node_modules/.cache outside one when it exists', () => {
    const root = tempDir('pt-cache-loc-');
    expect(CACHE_FILE).toBe('validate-v1.json');
    expect(cacheLocation(app(root, false))).toBe(join(root, '.papertrail/cache', CACHE_FILE));
    mkdirSync(join(root, 'node_modules'));
    expect(cacheLocation(app(root, false))).toBe(join(root, 'node_modules/.cache/papertrail', CACHE_FILE));
    expect(cacheLocation(app(root, true))).toBe(join(root, '.papertrail/cache', CACHE_FILE));
  });

  it('takes a file or a folder from --cache-location, relative to the current directory', () => {
    const root = tempDir('pt-cache-loc-');
    const cwd = join(root, 'sub');
    mkdirSync(cwd);
    expect(cacheLocation(app(root, true, cwd), 'c.json')).toBe(join(cwd, 'c.json'));
    expect(cacheLocation(app(root, true, cwd), 'new-dir/')).toBe(join(cwd, 'new-dir', CACHE_FILE));
    expect(cacheLocation(app(root, true, cwd), '..')).toBe(join(root, CACHE_FILE));
    writeFileSync(join(root, 'file'), '');
    expect(cacheLocation(app(root, true, cwd), '../file/x.json')).toBe(join(root, 'file/x.json'));
  });
});

describe('loadCache and saveCache', () => {
  it('round-trips a cache, and ignores a missing, corrupt or foreign file', () => {
    const dir = tempDir('pt-cache-io-');
    const file = join(dir, '.papertrail/cache', CACHE_FILE);
    expect(loadCache(file, 'e1')).toBeNull();
    const data = {
      ...emptyCache('e1'),
      env: 'x',
      specs: { 'openspec/specs/a/spec.md': ['1:2:3:4'] as [string] },
    };
    expect(saveCache(file, data)).toBeNull();
    expect(loadCache(file, 'e1')).toEqual(data);
    expect(loadCache(file, 'e2')).toBeNull();
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 20));
    expect(loadCache(file, 'e1')).toBeNull();
  });

  it('writes through the atomic writer, leaves no temporary file, and keeps our folder out of git', () => {
    const dir = tempDir('pt-cache-io-');
    const file = join(dir, '.papertrail/cache', CACHE_FILE);
    vi.mocked(writeFileAtomic).mockClear();
    expect(saveCache(file, emptyCache('e'))).toBeNull();
    expect(saveCache(file, { ...emptyCache('e'), env: 'second' })).toBeNull();
    expect(vi.mocked(writeFileAtomic).mock.calls.map((c) => c[0])).toEqual([file, file]);
    expect(readdirSync(join(dir, '.papertrail/cache')).sort()).toEqual(['.gitignore', CACHE_FILE]);
    expect(loadCache(file, 'e')?.env).toBe('second');
    // A cache put elsewhere by --cache-location gets no .gitignore next to it.
    expect(saveCache(join(dir, 'mine.json'), emptyCache('e'))).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(['.papertrail', 'mine.json']);
  });

  it('returns why a write failed instead of throwing', () => {
    const dir = tempDir('pt-cache-io-');
    writeFileSync(join(dir, 'blocker'), '');
    expect(saveCache(join(dir, 'blocker/cache.json'), emptyCache('e'))).toMatch(/Could not write/);
    // Any failure of the writer (all-or-nothing itself: test/base/atomic-write.test.ts) is reported.
    const file = join(dir, CACHE_FILE);
    saveCache(file, emptyCache('old'));
    vi.mocked(writeFileAtomic).mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    expect(saveCache(file, emptyCache('new'))).toBe('disk full');
    expect(loadCache(file, 'old')).not.toBeNull();
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/ports/store/index.js';

delete process.env.DATABASE_URL;

// A new embedded store is built beside its place and renamed in; what killed builds leave is swept
// up by the next process to hold the lock, and nothing else beside the store is touched.
describe('creating the embedded store', () => {
  const roots: string[] = [];
  const root = () => {
    const r = mkdtempSync(join(tmpdir(), 'pt-create-'));
    roots.push(r);
    return r;
  };
  afterEach(() => {
    for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
  });

  it('removes build folders of killed processes and keeps other neighbours', async () => {
    const r = root();
    const dataDir = join(r, 'store');
    for (const name of ['store.123.tmp', 'store.99999.tmp']) {
      mkdirSync(join(r, name));
      writeFileSync(join(r, name, 'PG_VERSION'), '17\n');
    }
    mkdirSync(join(r, 'store.backup'));
    mkdirSync(join(r, 'store.x1.tmp'));
    const s = await openStore({ dataDir });
    await s.close();
    expect(readdirSync(r).sort()).toEqual(['store', 'store.backup', 'store.x1.tmp']);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('fills an empty folder someone made for it', async () => {
    const dataDir = join(root(), 'store');
    mkdirSync(dataDir);
    const s = await openStore({ dataDir });
    expect(s.schemaVersion).toBeGreaterThan(0);
    await s.close();
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('refuses a folder with files but no PG_VERSION as store/corrupt, and writes nothing into it', async () => {
    const dataDir = join(root(), 'store');
    mkdirSync(join(dataDir, 'base'), { recursive: true });
    const e = await openStore({ dataDir }).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'store/corrupt', exit: 4 });
    expect(readdirSync(dataDir)).toEqual(['base']);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});

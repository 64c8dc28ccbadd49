import { spawnSync } from 'node:child_process';
import { existsSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownTempWriter, removeStaleTemp, writeFileAtomic } from '../../src/base/index.js';
import { tempDir } from '../helpers/cli.js';

const deadPid = () =>
  Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout,
  );

describe('stale temporary files', () => {
  it('recognises the name atomic writes really give their temporary file', async () => {
    const dir = tempDir();
    const seen: string[] = [];
    const w = watch(dir, (_, name) => {
      if (name) seen.push(String(name));
    });
    writeFileAtomic(join(dir, 'spec.md'), 'x');
    await new Promise((r) => setTimeout(r, 100));
    w.close();
    const temps = seen.filter((n) => n !== 'spec.md');
    expect(temps.length).toBeGreaterThan(0);
    for (const t of temps) expect(ownTempWriter(t)).toBe(process.pid);
  });

  it('removes only a file of a dead process with that name', () => {
    const dir = tempDir();
    const dead = join(dir, `.spec.md.${deadPid()}.0123abcd.tmp`);
    const mine = join(dir, `.spec.md.${process.pid}.0123abcd.tmp`);
    const other = join(dir, `.notes.md.${deadPid()}.tmp`);
    for (const f of [dead, mine, other]) writeFileSync(f, 'x');
    expect(removeStaleTemp(dead)).toBe(true);
    expect(removeStaleTemp(mine)).toBe(false);
    expect(removeStaleTemp(other)).toBe(false);
    expect([existsSync(dead), existsSync(mine), existsSync(other)]).toEqual([false, true, true]);
    expect(removeStaleTemp(dead)).toBe(false);
  });
});

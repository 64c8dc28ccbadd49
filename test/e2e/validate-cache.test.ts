// `validate --cache` as a user runs it: the report is byte for byte the report without the cache,
// the cache lands where the docs say, and a bad or unwritable cache never changes the outcome.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const BROKEN = join(ROOT, 'test/fixtures/openspec/broken');
const DEFAULT = '.papertrail/cache/validate-v1.json';

/** The broken fixture (findings in specs and changes) in a fresh folder. */
function corpus(): string {
  const dir = tempDir('pt-cache-');
  cpSync(BROKEN, dir, { recursive: true });
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('validate --cache', () => {
  it('prints what an uncached run prints, in every format, cold and warm', () => {
    const dir = corpus();
    for (const format of [['--json'], ['--sarif'], ['--verbose'], ['--strict', '--json']]) {
      const plain = cli(['validate', ...format], { cwd: dir });
      expect(plain.code).toBe(1);
      for (let i = 0; i < 2; i++) {
        const cached = cli(['validate', ...format, '--cache'], { cwd: dir });
        expect(cached.stdout).toBe(plain.stdout);
        expect(cached.code).toBe(plain.code);
      }
    }
    const data = JSON.parse(readFileSync(join(dir, DEFAULT), 'utf8'));
    expect(data.format).toBe(1);
    expect(readFileSync(join(dir, '.papertrail/cache/.gitignore'), 'utf8')).toBe('*\n');
  });

  it('reuses results once files are old enough to trust, and rechecks an edited file', async () => {
    const dir = corpus();
    const plain = cli(['validate', '--json'], { cwd: dir }).stdout;
    // Files changed within two seconds of a run are checked but not remembered (coarse clocks).
    await sleep(2100);
    const cold = cli(['validate', '--json', '--cache', '--verbose'], { cwd: dir });
    expect(cold.stderr).toMatch(/: 0 spec\(s\) and 0 change\(s\) reused/);
    const warm = cli(['validate', '--json', '--cache', '--verbose'], { cwd: dir });
    expect(warm.stdout).toBe(plain);
    // All but one change: a folder that only wraps other changes is never remembered.
    expect(warm.stderr).toMatch(/: 15 spec\(s\) and 20 change\(s\) reused, 0 and 1 checked/);
    writeFileSync(join(dir, 'openspec/specs/warnings/spec.md'), '# Emptied\n');
    const edited = cli(['validate', '--json', '--cache', '--verbose'], { cwd: dir });
    expect(edited.stderr).toMatch(/: 14 spec\(s\) and \d+ change\(s\) reused, 1 and \d+ checked/);
    expect(edited.stdout).toBe(cli(['validate', '--json'], { cwd: dir }).stdout);
    expect(edited.stdout).not.toBe(plain);
  });

  it('ignores and rewrites a corrupt cache or one from another version', () => {
    const dir = corpus();
    const plain = cli(['validate', '--json'], { cwd: dir }).stdout;
    mkdirSync(join(dir, '.papertrail/cache'), { recursive: true });
    for (const junk of [
      '{"format":1,"engine":',
      '{"format":1,"engine":"papertrail 0.0.1","env":"","specs":{},"changes":{}}',
    ]) {
      writeFileSync(join(dir, DEFAULT), junk);
      const r = cli(['validate', '--json', '--cache'], { cwd: dir });
      expect(r.stdout).toBe(plain);
      expect(r.stderr).toBe('');
      const data = JSON.parse(readFileSync(join(dir, DEFAULT), 'utf8'));
      expect(data.engine).toMatch(/^papertrail \d+\.\d+\.\d+; format 1; /);
    }
  });

  it('puts the cache under node_modules/.cache outside a workspace, and where --cache-location says', () => {
    const dir = corpus();
    mkdirSync(join(dir, 'node_modules'));
    expect(cli(['validate', '--cache'], { cwd: dir }).code).toBe(1);
    expect(existsSync(join(dir, 'node_modules/.cache/papertrail/validate-v1.json'))).toBe(true);
    expect(existsSync(join(dir, '.papertrail'))).toBe(false);
    cli(['validate', '--cache-location', 'here.json'], { cwd: dir });
    expect(existsSync(join(dir, 'here.json'))).toBe(true);
    cli(['validate', '--cache-location', 'cachedir/'], { cwd: dir });
    expect(existsSync(join(dir, 'cachedir/validate-v1.json'))).toBe(true);
    // In a Papertrail workspace the cache is local state under .papertrail/, as the store is.
    writeFileSync(join(dir, 'papertrail.yaml'), 'version: 1\n');
    cli(['validate', '--cache'], { cwd: dir });
    expect(existsSync(join(dir, DEFAULT))).toBe(true);
  });

  it('warns when the cache cannot be written and reports as usual', () => {
    const dir = corpus();
    const plain = cli(['validate', '--json'], { cwd: dir });
    writeFileSync(join(dir, 'blocker'), 'a file where the cache folder would go');
    const r = cli(['validate', '--json', '--cache-location', 'blocker/cache.json'], { cwd: dir });
    expect(r.stdout).toBe(plain.stdout);
    expect(r.code).toBe(plain.code);
    expect(r.stderr).toMatch(/^warning: validate cache not saved to .*blocker.cache\.json: /);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

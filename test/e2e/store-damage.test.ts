import { cpSync, existsSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, plannedRepo, tempDir } from '../helpers/cli.js';

/** Every file under a folder, by relative path. */
const listing = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).sort();

// A damaged embedded store must stop every command with store/corrupt and say what to do, never start
// afresh (a plan would then create #1-#4 again as #5-#8 or as new #1-#4) nor be blamed on Papertrail.
// Each case damages the files of a real store the way a disk, a sync tool or a careless hand does.
describe('a damaged embedded store', () => {
  let repo: string;
  let pristine: string;
  const files: Record<string, string> = {};
  const store = () => join(repo, '.papertrail', 'store');

  beforeAll(async () => {
    repo = plannedRepo().repo;
    pristine = join(tempDir(), 'store');
    cpSync(store(), pristine, { recursive: true });
    // Where each table lives, read from a copy so the workspace's own store is never opened here.
    const probe = join(tempDir(), 'store');
    cpSync(pristine, probe, { recursive: true });
    const db = await PGlite.create({ dataDir: probe });
    for (const t of ['forge_issues', 'forge_counters'])
      files[t] = (await db.query<{ p: string }>(`select pg_relation_filepath('${t}') as p`)).rows[0]!.p;
    await db.close();
  }, 120_000);

  /** The planned store back in place, then `damage` applied to it. */
  function damaged(damage: (dir: string) => void): void {
    rmSync(join(repo, '.papertrail'), { recursive: true, force: true });
    cpSync(pristine, store(), { recursive: true });
    damage(store());
  }

  /** The commands refuse with store/corrupt and a hint, and add or remove no file of the store. */
  function refused(why: RegExp, commands = [['plan', '--json']]): void {
    const before = listing(store());
    for (const args of commands) {
      const r = cli(args, { cwd: repo });
      expect({ args, code: r.code }).toEqual({ args, code: 4 });
      const error = JSON.parse(r.stdout).error;
      expect(error.code).toBe('store/corrupt');
      expect(error.message).toMatch(why);
      expect(error.hint).toMatch(/backup/);
      expect(error.hint).toMatch(/move it aside/);
    }
    expect(listing(store())).toEqual(before);
  }

  it('is fine undamaged: a re-plan of the pristine copy writes nothing', () => {
    damaged(() => {});
    expect(JSON.parse(cli(['plan', '--json'], { cwd: repo }).stdout).writes).toBe(0);
  });

  it('without PG_VERSION is refused, not re-initialised as an empty store', () => {
    damaged((dir) => rmSync(join(dir, 'PG_VERSION')));
    refused(/no PG_VERSION/);
    expect(existsSync(join(store(), 'PG_VERSION'))).toBe(false);
  });

  it('with the issues table zeroed is refused, not read as "every issue closed" or planned again', () => {
    damaged((dir) => {
      const f = join(dir, files.forge_issues!);
      writeFileSync(f, Buffer.alloc(statSync(f).size));
    });
    refused(/counted 4 issues and pull requests but has 0/, [
      ['next', '--json'],
      ['plan', '--json'],
    ]);
  });

  it('with the issues and their counter both zeroed is refused: labels still name the lost issues', () => {
    damaged((dir) => {
      for (const t of ['forge_issues', 'forge_counters']) {
        const f = join(dir, files[t]!);
        writeFileSync(f, Buffer.alloc(statSync(f).size));
      }
    });
    refused(/a label names issue #1, which does not exist/);
  });

  it('with the issues file cut short is refused, whichever of its index or its rows is read first', () => {
    damaged((dir) => truncateSync(join(dir, files.forge_issues!), 0));
    refused(/could not read block|counted 4 issues and pull requests but has 0/);
  });

  it('with a bad page is refused as store/corrupt, not reported as a bug in Papertrail', () => {
    damaged((dir) => {
      const f = join(dir, files.forge_issues!);
      const page = Buffer.alloc(statSync(f).size, 0x5a);
      writeFileSync(f, page);
    });
    refused(/invalid page in block 0/);
  });

  it('with a table file gone is refused as store/corrupt', () => {
    damaged((dir) => rmSync(join(dir, files.forge_issues!)));
    refused(/could not open file/);
    expect(readdirSync(join(repo, '.papertrail')).sort()).toEqual(['store']);
  });
});

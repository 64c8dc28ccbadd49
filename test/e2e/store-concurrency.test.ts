import { describe, expect, it } from 'vitest';
import { cli, cliAsync, plannedRepo } from '../helpers/cli.js';

// The embedded store has one owner at a time. Commands started together (a person's in a terminal, an
// assistant's through the MCP server) queue for it instead of failing; one that is told not to wait
// fails with store/locked.
describe('several commands on one embedded store at once', () => {
  it('queue for the store and all succeed; PAPERTRAIL_STORE_WAIT=0 refuses at once', async () => {
    const { repo } = plannedRepo();

    const runs = await Promise.all([
      cliAsync(['plan', '--json'], { cwd: repo }),
      cliAsync(['next', '--json'], { cwd: repo }),
      cliAsync(['trace', 'SPEC-0001', '--json'], { cwd: repo }),
      cliAsync(['next', '--json'], { cwd: repo }),
    ]);
    for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(runs[0]!.stdout).writes).toBe(0);
    expect(JSON.parse(runs[1]!.stdout)).toMatchObject({ next: { number: 2 } });

    // Without waiting, one of two commands started together is refused while the other holds the store
    // (without the cache: a `next` would otherwise answer from the snapshot a `next` above kept).
    const env = { PAPERTRAIL_STORE_WAIT: '0', PAPERTRAIL_NO_CACHE: '1' };
    let refused = 0;
    for (let i = 0; i < 5 && refused === 0; i++) {
      const pair = await Promise.all([0, 1].map(() => cliAsync(['next', '--json'], { cwd: repo, env })));
      for (const r of pair) {
        if (r.code === 0) continue;
        expect(r.code).toBe(3);
        expect(JSON.parse(r.stdout).error.code).toBe('store/locked');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);

    // The setting is read when the store is opened (not by a `next` the snapshot answers).
    const bad = cli(['next'], {
      cwd: repo,
      env: { PAPERTRAIL_STORE_WAIT: 'soon', PAPERTRAIL_NO_CACHE: '1' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('config/bad-env');
  }, 120_000);
});

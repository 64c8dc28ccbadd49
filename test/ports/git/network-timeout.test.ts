import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Git, subcommand } from '../../../src/ports/git/git.js';
import { type SilentServer, startSilentServer } from '../../helpers/bad-servers.js';

// git commands that reach the network have a deadline: a remote that accepts and never answers ends
// as git/timeout (exit 4) instead of holding the command forever.
describe('git over the network', () => {
  let silent: SilentServer | undefined;
  const saved = process.env.PAPERTRAIL_GIT_TIMEOUT;
  afterEach(async () => {
    await silent?.close();
    silent = undefined;
    if (saved === undefined) delete process.env.PAPERTRAIL_GIT_TIMEOUT;
    else process.env.PAPERTRAIL_GIT_TIMEOUT = saved;
  });

  it('a clone from a remote that never answers is git/timeout after PAPERTRAIL_GIT_TIMEOUT', async () => {
    silent = await startSilentServer();
    process.env.PAPERTRAIL_GIT_TIMEOUT = '0.5';
    const dir = mkdtempSync(join(tmpdir(), 'pt-git-timeout-'));
    const t0 = Date.now();
    let err: unknown;
    try {
      new Git(dir).run(['clone', '-q', '--depth', '1', '--', `${silent.url}/x.git`, 'x']);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'git/timeout',
      exit: 4,
      details: { timeoutMs: 500, setting: 'PAPERTRAIL_GIT_TIMEOUT' },
    });
    expect((err as Error).message).toContain('git clone did not finish within 500 ms');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('finds the subcommand past git options; only network ones get the deadline', () => {
    expect(subcommand(['-c', 'user.name=x', '-C', 'dir', 'clone', '-q', 'url'])).toBe('clone');
    expect(subcommand(['--no-pager', 'log'])).toBe('log');
    expect(subcommand([])).toBeUndefined();
  });
});

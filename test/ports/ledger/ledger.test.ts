import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PtError } from '../../../src/base/index.js';
import { GitLedger, hideUserInfo } from '../../../src/ports/ledger/index.js';
import { tempDir } from '../../helpers/cli.js';

// The ledger's compare-and-swap on a real bare repository standing for the remote.
function bare(): string {
  const dir = join(tempDir('pt-ledger-'), 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', dir]);
  return dir;
}

const target = (url: string) => ({ url, branch: 'papertrail/ledger', workRoot: tempDir('pt-ledger-work-') });

describe('GitLedger', () => {
  it('reads a branch not made yet as empty, and makes it with the first write', async () => {
    const url = bare();
    const l = await GitLedger.open(target(url));
    expect(l.exists).toBe(false);
    expect(l.list('artifacts/claims')).toEqual([]);
    const t = await l.transact(() => ({
      change: { files: [{ path: 'artifacts/claims/a.json', content: '{}\n' }], message: 'claim a' },
      result: 1,
    }));
    expect(t.tries).toBe(1);
    await l.close();
    const again = await GitLedger.open(target(url));
    expect(again.exists).toBe(true);
    expect(again.list('artifacts/claims')).toEqual(['a.json']);
    expect(
      execFileSync('git', ['-C', url, 'log', '--format=%s', 'papertrail/ledger'], { encoding: 'utf8' }),
    ).toBe('claim a\n');
    await again.close();
  });

  it('racing writers of one path: exactly one wins, the others see its file and refuse', async () => {
    const url = bare();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const l = await GitLedger.open(target(url));
        try {
          const t = await l.transact((v) => {
            if (v.has('artifacts/claims/x.json'))
              throw new PtError('work/already-claimed', 'taken', { exit: 3 });
            return {
              change: {
                files: [{ path: 'artifacts/claims/x.json', content: `${i}\n` }],
                message: `claim ${i}`,
              },
              result: i,
            };
          });
          return t.result;
        } catch (e) {
          return (e as PtError).code;
        } finally {
          await l.close();
        }
      }),
    );
    const winners = outcomes.filter((o) => typeof o === 'number');
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'work/already-claimed')).toHaveLength(11);
    const log = execFileSync('git', ['-C', url, 'log', '--format=%s', 'papertrail/ledger'], {
      encoding: 'utf8',
    });
    expect(log).toBe(`claim ${winners[0]}\n`);
  });

  it('writers of different paths all land: a refused push is read again and retried', async () => {
    const url = bare();
    const tries = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const l = await GitLedger.open(target(url));
        try {
          return (
            await l.transact(() => ({
              change: {
                files: [{ path: `artifacts/claims/${i}.json`, content: '{}\n' }],
                message: `claim ${i}`,
              },
              result: null,
            }))
          ).tries;
        } finally {
          await l.close();
        }
      }),
    );
    expect(tries.some((t) => t > 1)).toBe(true);
    const l = await GitLedger.open(target(url));
    expect(l.list('artifacts/claims')).toHaveLength(8);
    await l.close();
  });

  it('an unreachable remote is a clear error without its credentials', async () => {
    const err = await GitLedger.open(target('https://user:s3cret-token@127.0.0.1:9/nothing.git')).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(PtError);
    expect(err.code).toBe('ledger/unreachable');
    expect(err.message).not.toContain('s3cret-token');
    expect(hideUserInfo('https://a:b@host/x')).toBe('https://***@host/x');
  });
});

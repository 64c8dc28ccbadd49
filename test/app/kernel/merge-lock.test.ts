import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mergeLockPath, type Note, openApp, withMergeLock } from '../../../src/app/kernel/index.js';
import { tempDir } from '../../helpers/cli.js';

function workspace(): string {
  const ws = tempDir();
  writeFileSync(join(ws, 'papertrail.yaml'), 'version: 1\nforge: local\nrepo: acme/runner\n');
  return ws;
}

describe('withMergeLock', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('lets merges in one process take turns, each one whole', async () => {
    const app = openApp(workspace());
    const log: string[] = [];
    const merge = (name: string) =>
      withMergeLock(app, async () => {
        log.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 30));
        log.push(`${name} end`);
      });
    await Promise.all([merge('a'), merge('b')]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('lets go when the merge fails, so the next one runs', async () => {
    const app = openApp(workspace());
    await expect(
      withMergeLock(app, async () => {
        throw new Error('git failed');
      }),
    ).rejects.toThrow('git failed');
    expect(existsSync(mergeLockPath(app.ws.root))).toBe(false);
    expect(await withMergeLock(app, async () => 'merged')).toBe('merged');
  });

  it('refuses with pr/merge-busy (exit 4) after PAPERTRAIL_MERGE_WAIT, telling the face it waits', async () => {
    vi.stubEnv('PAPERTRAIL_MERGE_WAIT', '0.2');
    const ws = workspace();
    mkdirSync(join(ws, '.papertrail'));
    const owner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
    writeFileSync(mergeLockPath(ws), `${JSON.stringify(owner)}\n`);
    const notes: Note[] = [];
    const app = openApp(ws, process.env, { onNote: (n) => notes.push(n) });
    const ran = vi.fn(async () => 'merged');
    await expect(withMergeLock(app, ran)).rejects.toMatchObject({ code: 'pr/merge-busy', exit: 4 });
    expect(ran).not.toHaveBeenCalled();
    expect(notes).toEqual([{ type: 'merge-wait', pid: process.pid }]);
  });

  it('takes a bad PAPERTRAIL_MERGE_WAIT as a usage error', async () => {
    vi.stubEnv('PAPERTRAIL_MERGE_WAIT', 'soon');
    await expect(withMergeLock(openApp(workspace()), async () => 'merged')).rejects.toMatchObject({
      code: 'config/bad-env',
      exit: 2,
    });
  });
});

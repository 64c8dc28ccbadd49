import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Note, openApp, openForge, withDocsLock } from '../../../src/app/kernel/index.js';
import { isPtError } from '../../../src/base/index.js';
import { tempDir } from '../../helpers/cli.js';

/** A workspace on the local forge, and a lock file at `lock` held by this (live) process. */
function heldWorkspace(lock: string): { ws: string; notes: Note[] } {
  const ws = tempDir();
  writeFileSync(join(ws, 'papertrail.yaml'), 'version: 1\nforge: local\nrepo: acme/runner\n');
  mkdirSync(join(ws, '.papertrail'), { recursive: true });
  const owner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(join(ws, lock), `${JSON.stringify(owner)}\n`);
  return { ws, notes: [] };
}

// The app writes nothing to stderr: a wait is a note to the face that opened the app, which says it.
describe('notes', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('tells the face once that a writer waits for the workspace lock', () => {
    vi.stubEnv('PAPERTRAIL_DOCS_WAIT', '0.2');
    const stderr = vi.spyOn(process.stderr, 'write');
    const { ws, notes } = heldWorkspace('.papertrail/docs.lock');
    const app = openApp(ws, process.env, { onNote: (n) => notes.push(n) });
    let error: unknown;
    try {
      withDocsLock(app, () => 'written');
    } catch (e) {
      error = e;
    }
    expect(isPtError(error) && error.code).toBe('workspace/locked');
    expect(notes).toEqual([{ type: 'docs-wait', pid: process.pid }]);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('tells the face once that opening the forge waits for the store', async () => {
    vi.stubEnv('PAPERTRAIL_STORE_WAIT', '0.2');
    vi.stubEnv('DATABASE_URL', '');
    const stderr = vi.spyOn(process.stderr, 'write');
    const { ws, notes } = heldWorkspace('.papertrail/store.lock');
    const app = openApp(ws, process.env, { onNote: (n) => notes.push(n) });
    await expect(openForge(app)).rejects.toMatchObject({ code: 'store/locked' });
    expect(notes).toEqual([{ type: 'store-wait', pid: process.pid }]);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('waits as before, silently, when no face listens', () => {
    vi.stubEnv('PAPERTRAIL_DOCS_WAIT', '0.2');
    const stderr = vi.spyOn(process.stderr, 'write');
    const { ws } = heldWorkspace('.papertrail/docs.lock');
    expect(() => withDocsLock(openApp(ws), () => 'written')).toThrow(/being changed by/);
    expect(stderr).not.toHaveBeenCalled();
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCiChecks } from '../../../src/app/kernel/index.js';
import { runCheckWith } from '../../../src/app/workflow/index.js';
import { LocalForge, OUTPUT_TAIL_CHARS } from '../../../src/ports/forge/index.js';
import { openStore, type Store } from '../../../src/ports/store/index.js';
import { MemoryForge } from '../../helpers/memory-forge.js';
import { backends } from '../../ports/store/backends.js';

// A check on the local forge is a command run in the workspace and recorded: in progress before it
// starts, completed with its conclusion, exit code and a redacted output tail after it ends.
for (const b of await backends('checks run')) {
  describe.skipIf(!b.available)(`checks run on the local forge (${b.name})`, () => {
    let dir: string;
    let store: Store;
    let forge: LocalForge;
    let cleanup: () => Promise<void>;
    let head: string;
    const open = async () => ({ forge, close: async () => {} });
    const run = (command: string, more: Record<string, unknown> = {}) =>
      runCheckWith(open, dir, { name: 'test', pr: 1, command, timeoutMs: 20_000, ...more });

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'pt-checks-'));
      const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, encoding: 'utf8' }).trim();
      git('init', '-q', '-b', 'main');
      git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--allow-empty', '-m', 'init');
      git('branch', 'feat');
      head = git('rev-parse', 'feat');
      const target = await b.fresh({ migrated: true });
      store = await openStore(target.opts);
      forge = await LocalForge.open(store.db, 'acme/widgets');
      await forge.createPullRequest({ title: 'F', body: '', head: 'feat', base: 'main', draft: false });
      cleanup = async () => {
        await store.close();
        await target.cleanup();
        rmSync(dir, { recursive: true, force: true });
      };
    });
    afterEach(async () => cleanup());

    it('records a passing command against the head of the pull request, branch and commit', async () => {
      const r = await run('echo "on $PAPERTRAIL_CHECK_REF at $PAPERTRAIL_CHECK_SHA"; exit 0');
      expect(r).toMatchObject({
        name: 'test',
        pr: 1,
        ref: 'feat',
        sha: head,
        conclusion: 'success',
        exitCode: 0,
      });
      expect(r.outputTail).toBe(`on feat at ${head}\n`);
      const listed = await listCiChecks(forge, { pr: 1 });
      expect(listed.checks).toEqual([
        {
          name: 'test',
          status: 'completed',
          conclusion: 'success',
          startedAt: r.startedAt,
          completedAt: r.completedAt,
          source: 'check-run',
        },
      ]);
      expect(listed.gate).toEqual({ status: 'pass', reasons: ['test: success'] });
      expect(await forge.listChecks(head)).toEqual(listed.checks);
    });

    it('records a failing command with its exit code, and the gate fails naming it', async () => {
      const r = await run('echo boom >&2; exit 3');
      expect(r).toMatchObject({ conclusion: 'failure', exitCode: 3, outputTail: 'boom\n' });
      expect((await listCiChecks(forge, { pr: 1 })).gate).toEqual({
        status: 'fail',
        reasons: ['test: failure'],
      });
    });

    it('kills the whole command at its deadline and records it timed out', async () => {
      const r = await run('sleep 30 & sleep 30; wait', { timeoutMs: 300 });
      expect(r).toMatchObject({ conclusion: 'timed_out', exitCode: null });
      expect(Date.parse(r.completedAt) - Date.parse(r.startedAt)).toBeLessThan(10_000);
    });

    it('kills the command when aborted and records it cancelled', async () => {
      const ac = new AbortController();
      const p = run('echo started; sleep 30', { signal: ac.signal, onOutput: () => ac.abort() });
      expect(await p).toMatchObject({ conclusion: 'cancelled', exitCode: null, outputTail: 'started\n' });
    });

    it('keeps a bounded tail of the output, with secrets redacted', async () => {
      const token = `ghp_${'a1B2'.repeat(9)}`;
      const r = await run(`head -c 100000 /dev/zero | tr '\\0' x; echo; echo "token ${token}"`);
      expect(r.outputTail.length).toBeLessThanOrEqual(OUTPUT_TAIL_CHARS);
      expect(r.outputTail).not.toContain(token);
      expect(r.outputTail).toMatch(/token \[REDACTED\]\n$/);
    });

    it('records binary output (NUL bytes) without losing the run', async () => {
      const r = await run("printf 'a\\000b\\n'; exit 1");
      expect(r).toMatchObject({ conclusion: 'failure', exitCode: 1, outputTail: 'ab\n' });
    });

    it('shows a run a killed process left in progress, until the next run supersedes it', async () => {
      // What a SIGKILL between the two records leaves: the start only.
      await forge.startCheck({ name: 'test', ref: 'feat', sha: head, command: 'npm test' });
      const stuck = await listCiChecks(forge, { pr: 1 });
      expect(stuck.checks.map((c) => [c.status, c.conclusion])).toEqual([['in_progress', null]]);
      expect(stuck.gate.status).toBe('pending');
      await run('true');
      const after = await listCiChecks(forge, { pr: 1 });
      expect(after.checks.map((c) => [c.status, c.conclusion])).toEqual([['completed', 'success']]);
    });

    it('refuses a missing pull request, a bad name and an empty command, writing nothing', async () => {
      await expect(run('true', { pr: 9 })).rejects.toMatchObject({ code: 'checks/no-pr', exit: 3 });
      await expect(run('true', { name: 'a\nb' })).rejects.toMatchObject({ code: 'checks/bad-name', exit: 3 });
      await expect(run('  ')).rejects.toMatchObject({ code: 'checks/no-command', exit: 2 });
      await expect(run('true', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'checks/bad-timeout' });
      expect(await store.db.selectFrom('forge_checks').selectAll().execute()).toEqual([]);
    });
  });
}

describe('checks run on GitHub', () => {
  it('refuses: checks come from GitHub Actions there', async () => {
    const forge = new MemoryForge('acme/widgets');
    await forge.createPullRequest({ title: 'F', body: '', head: 'feat', base: 'main', draft: false });
    const open = async () => ({ forge, close: async () => {} });
    await expect(
      runCheckWith(open, tmpdir(), { name: 'test', pr: 1, command: 'true', timeoutMs: 1000 }),
    ).rejects.toMatchObject({ code: 'checks/not-local', exit: 3 });
    expect(forge.writes).toEqual(['createPullRequest feat']);
  });
});

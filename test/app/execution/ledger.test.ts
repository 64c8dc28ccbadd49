import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ledgerAuditVerify,
  ledgerClaim,
  ledgerCollect,
  ledgerFinish,
  ledgerList,
  ledgerSchedule,
} from '../../../src/app/execution/index.js';
import type { App } from '../../../src/app/kernel/index.js';
import type { PtError } from '../../../src/base/index.js';
import { tempDir } from '../../helpers/cli.js';
import { type OnLedger, plannedOnLedger } from './workspace.js';

// The work verbs on the git ledger, with a bare repository standing for GitHub: racing claimers each in
// a clone of their own, pushing for real. The example's plan (examples/seed-000: #2 and #3 ready, #4
// blocked by both) under a workflow of five parallel steps, so ten attempts are ready at once.
vi.setConfig({ testTimeout: 180_000 });

const WORKFLOW = `id: wf-par
name: Parallel
version: 1.0.0
effectiveFrom: 2026-01-01
steps:
${['a', 'b', 'c', 'd', 'e'].map((k) => `  - key: ${k}\n    order: 1\n    parallelizable: true\n    responsibleRole: dev\n`).join('')}  - key: z
    order: 2
    responsibleRole: dev
    gates:
      - key: sign-off
        kind: person
`;

let repo: string;
let remote: string;
let app: App;
let git: OnLedger['git'];
const ledgerFiles = (dir: string) =>
  git('ls-tree', '--name-only', `papertrail/ledger:artifacts/${dir}`).split('\n').filter(Boolean);

beforeAll(async () => {
  ({ repo, remote, app, git } = await plannedOnLedger(
    'pt-ledger-remote-',
    WORKFLOW,
    '  retry:\n    maxAttempts: 2\n    backoffMs: 0\n    maxBackoffMs: 0\n',
  ));
}, 180_000);

describe('the git ledger', () => {
  it('schedule: a dry run pushes nothing; the run queues ten attempts in launch order, once', async () => {
    const dry = await ledgerSchedule(app, { dryRun: true });
    expect(dry.sync.added).toEqual([2, 3, 4]);
    expect(dry.attempts).toEqual(Array(10).fill(null));
    expect(git('branch', '--list')).toBe('');

    const first = await ledgerSchedule(app);
    expect(first.attempts).toEqual([
      ...['a', 'b', 'c', 'd', 'e'].map((s) => `2-${s}-1`),
      ...['a', 'b', 'c', 'd', 'e'].map((s) => `3-${s}-1`),
    ]);
    expect(first.queued).toBe(10);
    expect(ledgerFiles('schedule')).toEqual(['2.json', '3.json', '4.json']);
    const again = await ledgerSchedule(app);
    expect(again).toMatchObject({ queued: 0, attempts: first.attempts, sync: { added: [], changed: [] } });
    expect(git('rev-list', '--count', 'papertrail/ledger')).toBe('1');
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
  });

  it('20 claimers racing for ten named attempts: each is claimed exactly once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const attempt = `${2 + (i % 2)}-${'abcde'[Math.floor(i / 2) % 5]}-1`;
        return ledgerClaim(app, { executor: `runner-${i}`, attempt }).then(
          (c) => c!.attempt,
          (e: PtError) => e.code,
        );
      }),
    );
    const won = outcomes.filter((o) => !o.startsWith('work/'));
    expect(new Set(won).size).toBe(10);
    expect(won).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'work/already-claimed')).toHaveLength(10);
    expect(ledgerFiles('claims')).toHaveLength(10);
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
    const next = await ledgerClaim(app, { executor: 'late' });
    expect(next).toBeNull();
  });

  it('complete and fail race in parallel, no artifact lost; a failure is retried by the next schedule', async () => {
    const claims = ledgerFiles('claims').map((n) => n.replace(/\.json$/, ''));
    const results = await Promise.all(
      claims.map((attempt) =>
        attempt === '3-e-1'
          ? ledgerFinish(app, { attempt, reason: 'tests failed', exitCode: 1 }, 'failed')
          : ledgerFinish(app, { attempt, summary: `did ${attempt}` }, 'done'),
      ),
    );
    expect(results.find((r) => r.attempt === '3-e-1')).toMatchObject({
      status: 'failed',
      retry: { attempt: '3-e-2' },
    });
    expect(ledgerFiles('outcomes')).toHaveLength(10);
    // One started and one ending artifact per attempt.
    expect(ledgerFiles('handoff')).toHaveLength(20);
    const again = await ledgerFinish(app, { attempt: '2-a-1' }, 'done').catch((e: PtError) => e.code);
    expect(again).toBe('work/attempt-ended');
    const verified = await ledgerAuditVerify(app);
    expect(verified).toMatchObject({ ok: true, length: 3 + 10 + 10 + 10 });

    const next = await ledgerSchedule(app);
    expect(next.attempts).toEqual(['2-z-1', '3-e-2']);
    const rows = await ledgerList(app);
    expect(rows.map((r) => [r.issue, r.step, r.stepState, r.attempt?.id])).toEqual([
      [2, 'z', 'queued', '2-z-1'],
      [3, 'e', 'queued', '3-e-2'],
      [4, 'a', 'pending', undefined],
    ]);
    expect(rows[2]!.blockedBy).toEqual([2, 3]);
  });

  it('--ledger-out writes files instead of pushing; collect commits them all in one commit', async () => {
    const c1 = (await ledgerClaim(app, { executor: 'ci-1', attempt: '2-z-1' }))!;
    const c2 = (await ledgerClaim(app, { executor: 'ci-2' }))!;
    expect(c2.attempt).toBe('3-e-2');
    const stale = await ledgerFinish(app, { attempt: '2-z-1', token: c2.token }, 'done').catch(
      (e: PtError) => e.code,
    );
    expect(stale).toBe('work/stale-token');
    const out1 = join(tempDir('pt-out-'), 'o');
    const out2 = join(tempDir('pt-out-'), 'o');
    const before = git('rev-parse', 'papertrail/ledger');
    const r1 = await ledgerFinish(
      app,
      { attempt: '2-z-1', token: c1.token, summary: 'signed', out: out1 },
      'done',
    );
    expect(r1.gates).toEqual([{ key: 'sign-off', status: 'pending' }]);
    const planted = `ghp_${'Z9'.repeat(18)}`;
    await ledgerFinish(app, { attempt: '3-e-2', reason: `flaky, token ${planted}`, out: out2 }, 'failed');
    const written = readdirSync(join(out2, 'artifacts', 'outcomes')).map((n) =>
      readFileSync(join(out2, 'artifacts', 'outcomes', n), 'utf8'),
    );
    expect(written.join('')).toContain('flaky');
    expect(written.join('')).not.toContain(planted);
    expect(git('rev-parse', 'papertrail/ledger')).toBe(before);
    expect(readdirSync(join(out1, 'pending-audit'))).toEqual(['2-z-1-attempt-completed.json']);

    const col = await ledgerCollect(app, [out1, out2]);
    expect(col).toMatchObject({ files: 5, unchanged: 0, records: 2 });
    expect(git('rev-list', '--count', `${before}..papertrail/ledger`)).toBe('1');
    expect(await ledgerCollect(app, [out1, out2])).toMatchObject({ files: 0, unchanged: 5, commit: null });
    // What an upload may hold and --ledger-out never writes refuses the batch, nothing committed.
    const odd = tempDir('pt-odd-');
    mkdirSync(join(odd, 'artifacts', 'outcomes'), { recursive: true });
    symlinkSync('/etc/hostname', join(odd, 'artifacts', 'outcomes', 'x.json'));
    const tip = git('rev-parse', 'papertrail/ledger');
    const code = (dirs: string[]) => ledgerCollect(app, dirs).catch((e: PtError) => e.code);
    expect(await code([odd])).toBe('work/collect-bad-file');
    const bad = tempDir('pt-bad-');
    mkdirSync(join(bad, 'pending-audit'));
    writeFileSync(join(bad, 'pending-audit', 'e.json'), '{"actor":"x"}');
    expect(await code([out1, bad])).toBe('work/collect-bad-file');
    expect(git('rev-parse', 'papertrail/ledger')).toBe(tip);
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
    const rows = await ledgerList(app);
    expect(rows.slice(0, 2).map((r) => [r.issue, r.step, r.stepState, r.gates])).toEqual([
      [2, 'z', 'gate', [{ key: 'sign-off', status: 'pending' }]],
      [3, 'e', 'held', []],
    ]);
  });

  it("reaches the remote with the repository's own settings (a CI checkout's credentials, url rewrites)", async () => {
    const url = 'https://ledger.example.invalid/org/repo.git';
    execFileSync('git', ['-C', repo, 'config', `url.${remote}.insteadOf`, url]);
    try {
      const viaUrl: App = {
        ...app,
        ws: {
          ...app.ws,
          config: {
            ...app.ws.config,
            execution: { ...app.ws.config.execution!, ledger: { remote: url, branch: 'papertrail/ledger' } },
          },
        },
      };
      expect((await ledgerList(viaUrl)).map((r) => r.issue)).toEqual([2, 3, 4]);
    } finally {
      execFileSync('git', ['-C', repo, 'config', '--unset', `url.${remote}.insteadOf`]);
    }
  });

  it('a tampered audit record is found; the temporary clones are gone', async () => {
    const work = join(tempDir('pt-tamper-'), 'w');
    execFileSync('git', ['clone', '-q', '-b', 'papertrail/ledger', remote, work]);
    const f = join(work, 'artifacts', 'audit', '000000000014.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('runner-', 'someone-'));
    execFileSync('git', ['-C', work, '-c', 'user.name=x', '-c', 'user.email=x@y', 'commit', '-qam', 'edit']);
    execFileSync('git', ['-C', work, 'push', '-q', 'origin', 'papertrail/ledger']);
    const v = await ledgerAuditVerify(app);
    expect(v).toMatchObject({ ok: false, break: { problem: 'edited', seq: 14 } });
    expect(
      existsSync(join(repo, '.papertrail', 'ledger')) ? readdirSync(join(repo, '.papertrail', 'ledger')) : [],
    ).toEqual([]);
  });
});

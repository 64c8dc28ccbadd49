import { execFileSync } from 'node:child_process';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cli, cliAsync, plannedRepo, tempDir } from '../helpers/cli.js';

// The work verbs on the git ledger as CI jobs run them: separate processes, each in a clone of its
// own, pushing to a bare repository that stands for GitHub. The example's plan (examples/seed-000)
// under a workflow of five parallel steps, so ten attempts are ready at once, and fifty claimer
// processes race for them.
vi.setConfig({ testTimeout: 300_000 });

const STEPS = ['a', 'b', 'c', 'd', 'e'];
const WORKFLOW = `id: wf-par\nname: Parallel\nversion: 1.0.0\neffectiveFrom: 2026-01-01\nsteps:\n${STEPS.map(
  (k) => `  - key: ${k}\n    order: 1\n    parallelizable: true\n    responsibleRole: dev\n`,
).join('')}`;

describe('papertrail work on the git ledger', () => {
  let repo: string;
  let remote: string;
  const pt = (...args: string[]) => cli(args, { cwd: repo });
  const ls = (dir: string) =>
    execFileSync('git', ['-C', remote, 'ls-tree', '--name-only', `papertrail/ledger:artifacts/${dir}`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
  let ready: { attempt: string; item: number; step: string; order: number }[];

  beforeAll(() => {
    repo = plannedRepo().repo;
    remote = join(tempDir('pt-ledger-e2e-'), 'github.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    // The ledger remote is a remote of the repository, as origin is on a CI runner.
    execFileSync('git', ['-C', repo, 'remote', 'add', 'ledger-origin', remote]);
    writeFileSync(join(repo, 'wf.yaml'), WORKFLOW);
    appendFileSync(
      join(repo, 'papertrail.yaml'),
      // A backoff longer than the test, so the failed step reads held however slow the machine is.
      'execution:\n  workflow: wf.yaml\n  retry:\n    backoffMs: 600000\n    maxBackoffMs: 600000\n  ledger:\n    remote: ledger-origin\n',
    );
  }, 300_000);

  it('work schedule --json lists the ready attempts in launch order', () => {
    const r = pt('work', 'schedule', '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    ready = out.ready;
    expect(ready.map((x) => [x.attempt, x.item, x.step, x.order])).toEqual([
      ...STEPS.map((s) => [`2-${s}-1`, 2, s, 1]),
      ...STEPS.map((s) => [`3-${s}-1`, 3, s, 1]),
    ]);
    expect(out.launch.map((l: { attempt: string }) => l.attempt)).toEqual(ready.map((x) => x.attempt));
    expect(ls('schedule')).toEqual(['2.json', '3.json', '4.json']);
  });

  it('50 claimer processes on ten attempts: each attempt claimed exactly once, the rest refused', async () => {
    const runs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        cliAsync(['work', 'claim', '--attempt', ready[i % 10]!.attempt, '--executor', `job-${i}`, '--json'], {
          cwd: repo,
        }),
      ),
    );
    const won = runs.filter((r) => r.code === 0).map((r) => JSON.parse(r.stdout).claimed.attempt);
    expect(won.sort()).toEqual(ready.map((x) => x.attempt).sort());
    const lost = runs.filter((r) => r.code !== 0);
    expect(lost).toHaveLength(40);
    for (const r of lost) {
      expect(r.code, `${r.stdout}${r.stderr}`).toBe(3);
      expect(JSON.parse(r.stdout).error.code).toBe('work/already-claimed');
    }
    expect(ls('claims')).toHaveLength(10);
  });

  it('complete and fail by producer commits and by one collector: no artifact lost, the audit verifies', async () => {
    const out = tempDir('pt-ledger-out-');
    const jobs = ready.map((x, i) => {
      const base = i % 3 === 0 ? ['--ledger-out', join(out, x.attempt)] : [];
      return i === 9
        ? cliAsync(['work', 'fail', x.attempt, '--reason', 'tests failed', '--exit-code', '1', ...base], {
            cwd: repo,
          })
        : cliAsync(['work', 'complete', x.attempt, '--summary', `did ${x.step}`, ...base], { cwd: repo });
    });
    for (const r of await Promise.all(jobs)) expect(r).toMatchObject({ code: 0, stderr: '' });
    // Attempts 0, 3, 6 and 9 wrote their files into folders; the six others pushed.
    expect(ls('outcomes')).toHaveLength(6);
    const dirs = [0, 3, 6, 9].map((i) => join(out, ready[i]!.attempt));
    const col = pt('work', 'collect', ...dirs);
    expect(col.stdout).toMatch(
      /^Collected 8 file\(s\) and 4 audit record\(s\) in one commit [0-9a-f]{12}\.\n$/,
    );
    expect(pt('work', 'collect', ...dirs).stdout).toBe(
      'Nothing to collect: all 8 file(s) are on the ledger already.\n',
    );
    expect(ls('outcomes')).toHaveLength(10);
    expect(ls('handoff')).toHaveLength(20);
    const v = pt('audit', 'verify');
    expect(v.stdout).toMatch(/^The audit trail is intact: 33 record\(s\), head [0-9a-f]{64}\.\n$/);
    expect(v.code).toBe(0);
    const again = pt('work', 'complete', ready[1]!.attempt, '--json');
    expect(again.code).toBe(3);
    expect(JSON.parse(again.stdout).error.code).toBe('work/attempt-ended');
  });

  it('work list reads the ledger; no temporary clone is left behind', () => {
    const rows = JSON.parse(pt('work', 'list', '--json').stdout).items;
    expect(
      rows.map((r: { issue: number; step: string; stepState: string }) => [r.issue, r.step, r.stepState]),
    ).toEqual([
      [2, null, null],
      [3, 'e', 'held'],
      [4, 'a', 'pending'],
    ]);
    expect(pt('work', 'collect', join(repo, 'nothing')).stderr).toContain('work/collect-missing');
    expect(readdirSync(join(repo, '.papertrail', 'ledger'))).toEqual([]);
    // A failed attempt with retries left is retried by the next schedule, not by a person.
    const retry = pt('work', 'retry', '3', 'e', '--reason', 'again', '--json');
    expect([retry.code, JSON.parse(retry.stdout).error.code]).toEqual([3, 'work/not-failed-out']);
  });

  it('gate decisions and work export-artifacts read the ledger; the checkpoint verifies', () => {
    // This workflow has no gates: the refusal comes from the ledger's workflow, not "not on the ledger".
    const g = pt('gate', 'approve', '2', 'sign-off', '--reason', 'ok', '--json');
    expect(g.code).toBe(3);
    expect(JSON.parse(g.stdout).error.code).toBe('gate/unknown-gate');
    const dir = join(tempDir('pt-ledger-export-'), 'out');
    const r = pt('work', 'export-artifacts', '--dir', dir, '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.files.length).toBeGreaterThan(0);
    expect(out.files).toHaveLength(ls('handoff').length);
    expect(readdirSync(join(dir, 'handoff'))).toHaveLength(out.files.length);
    expect(out.checkpoint.length).toBe(ls('audit').length);
    const v = pt('audit', 'verify', '--checkpoint', join(dir, 'audit-checkpoint.json'));
    expect(v.code).toBe(0);
  });
});

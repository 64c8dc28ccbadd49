// The jobs' shell steps, taken from the generated YAML and run with bash as a runner runs them. The
// `papertrail` they call here is a recording stand-in: these tests are about what the steps do with
// its answers (the matrix in schedule order, claim → command → complete or fail, one collect); the
// same steps against the real ledger are in test/e2e/ci-ledger.test.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ExecutorsWorkflowOptions,
  executorsWorkflow,
  MATRIX_LIMIT,
  STEP_IDS,
} from '../../../src/domain/ci/index.js';
import {
  fakePapertrail,
  type Job,
  readWorkflow,
  runStep,
  stepOf,
  substitute,
} from '../../helpers/actions-workflow.js';
import { ROOT, tempDir } from '../../helpers/cli.js';

const base: ExecutorsWorkflowOptions = {
  strategy: 'collector',
  command:
    'echo "ran $PAPERTRAIL_ITEM $PAPERTRAIL_STEP $PAPERTRAIL_ATTEMPT as $PAPERTRAIL_EXECUTOR" > ran.txt',
  ledgerBranch: 'papertrail/ledger',
  version: '0.1.0',
  runsOn: 'ubuntu-latest',
  preClaim: false,
};

const jobs = (o: Partial<ExecutorsWorkflowOptions> = {}) =>
  readWorkflow(executorsWorkflow({ ...base, ...o })).jobs;

/** The job's and the step's environment, their expressions filled in for this matrix entry. */
function envOf(job: Job, id: string, ctx: { matrix?: Record<string, unknown>; index?: number } = {}) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...job.env, ...stepOf(job, id).env }))
    env[k] = substitute(String(v), { runId: '4242', index: ctx.index ?? 0, ...ctx });
  return env;
}

function schedule(ready: unknown): string {
  const file = join(tempDir('pt-schedule-'), 'schedule.json');
  writeFileSync(file, typeof ready === 'string' ? ready : JSON.stringify({ ok: true, ready }));
  return file;
}

function orchestrate(
  ready: unknown,
  o: Partial<ExecutorsWorkflowOptions> = {},
  env: Record<string, string> = {},
) {
  const fake = fakePapertrail();
  const job = jobs(o).orchestrate!;
  const r = runStep(stepOf(job, STEP_IDS.schedule).run!, {
    cwd: tempDir(),
    path: fake.bin,
    env: { ...envOf(job, STEP_IDS.schedule), GITHUB_RUN_ID: '4242', FAKE_SCHEDULE: schedule(ready), ...env },
  });
  return { ...r, calls: fake.calls() };
}

// `work schedule --json` as the ledger's contract has it: `ready` in schedule order, other fields ignored.
const FIXTURE = join(ROOT, 'test/fixtures/ci/work-schedule.json');
const READY: unknown[] = JSON.parse(readFileSync(FIXTURE, 'utf8')).ready;

const unclaimed = { preclaimed: false, token: '', leaseExpiresAt: '' };

describe('orchestrator: the matrix of ready attempts', () => {
  it('one entry per ready attempt, in the order the schedule gave them', () => {
    const r = orchestrate(readFileSync(FIXTURE, 'utf8'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.calls).toEqual([['work', 'schedule', '--json']]);
    expect(r.outputs.count).toBe('4');
    expect(JSON.parse(r.outputs.matrix!)).toEqual({
      include: [
        { attempt: '7', item: '3', step: 'implement', order: 2, ...unclaimed },
        { attempt: '5', item: '2', step: 'runbook', order: 1, ...unclaimed },
        { attempt: '9', item: '2', step: 'docs', order: 1, ...unclaimed },
        { attempt: 'a-10', item: 'X.4', step: 'review', order: 3, ...unclaimed },
      ],
    });
  });

  it('nothing ready: count 0, an empty matrix (the execute job is skipped)', () => {
    const r = orchestrate([]);
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ matrix: '{"include":[]}', count: '0' });
  });

  it(`at most ${MATRIX_LIMIT} jobs; the rest wait, said as a notice`, () => {
    const many = Array.from({ length: MATRIX_LIMIT + 3 }, (_, i) => ({
      attempt: i + 1,
      item: i,
      step: 's',
      order: 1,
    }));
    const r = orchestrate(many);
    expect(r.code).toBe(0);
    const include = JSON.parse(r.outputs.matrix!).include;
    expect(include).toHaveLength(MATRIX_LIMIT);
    expect(include.at(-1).attempt).toBe(String(MATRIX_LIMIT));
    expect(r.stdout).toContain('::notice::3 more ready attempt(s) wait for the next orchestration');
  });

  it.each([
    ['not JSON', 'Error: no store', /::error::papertrail work schedule --json did not print JSON/],
    [
      'no ready list',
      '{"ok":true,"launch":[]}',
      /::error::papertrail work schedule --json printed no "ready" list/,
    ],
    [
      'an entry without an attempt',
      [{ item: 1, step: 's' }],
      /::error::ready\[0\] is not \{attempt, item, step, order\}/,
    ],
    [
      'an attempt id with shell in it',
      [{ attempt: '1;rm -rf ~', item: 1, step: 's' }],
      /::error::ready\[0\]/,
    ],
  ])('refuses a schedule with %s: the job fails, no matrix', (_what, ready, message) => {
    const r = orchestrate(ready);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(message);
    expect(r.outputs).toEqual({});
  });

  it('a failing work schedule fails the job before any matrix', () => {
    const r = orchestrate(READY, {}, { FAKE_SCHEDULE: '/nonexistent' });
    expect(r.code).not.toBe(0);
    expect(r.outputs).toEqual({});
  });

  it('--pre-claim: claims each in order as the execute job at that index; a refused one is left out', () => {
    const r = orchestrate(READY, { preClaim: true }, { FAKE_REFUSE: '5', FAKE_TOKEN: '99' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.calls.slice(1)).toEqual([
      ['work', 'claim', '--attempt', '7', '--executor', 'gha-4242-0', '--json'],
      ['work', 'claim', '--attempt', '5', '--executor', 'gha-4242-1', '--json'],
      ['work', 'claim', '--attempt', '9', '--executor', 'gha-4242-1', '--json'],
      ['work', 'claim', '--attempt', 'a-10', '--executor', 'gha-4242-2', '--json'],
    ]);
    const include = JSON.parse(r.outputs.matrix!).include;
    // The claim's token and lease go with the entry, for the execute job's heartbeats and result.
    expect(
      include.map((e: Record<string, unknown>) => [
        e.attempt,
        e.preclaimed,
        e.token,
        typeof e.leaseExpiresAt,
      ]),
    ).toEqual([
      ['7', true, '99', 'string'],
      ['9', true, '99', 'string'],
      ['a-10', true, '99', 'string'],
    ]);
    expect(Date.parse(include[0].leaseExpiresAt)).toBeGreaterThan(Date.now());
    expect(r.stdout).toContain('::notice::attempt 5 was not claimed');
  });

  it('--pre-claim: a claim that fails otherwise (not a refusal) fails the job', () => {
    const r = orchestrate(READY, { preClaim: true }, { FAKE_CLAIM_EXIT: '4' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::papertrail work claim --attempt 7 failed (exit 4)');
    expect(r.outputs).toEqual({});
  });
});

const entry = { attempt: '7', item: '3', step: 'implement', order: 2, ...unclaimed };

/** The execute job's attempt step for one matrix entry, as job 2 of run 4242. */
function execute(o: Partial<ExecutorsWorkflowOptions>, env: Record<string, string> = {}, matrix = entry) {
  const fake = fakePapertrail();
  const job = jobs(o).execute!;
  const cwd = tempDir();
  const runnerTemp = tempDir('pt-runner-temp-');
  const started = Date.now();
  const r = runStep(stepOf(job, STEP_IDS.attempt).run!, {
    cwd,
    path: fake.bin,
    runnerTemp,
    env: { ...envOf(job, STEP_IDS.attempt, { matrix, index: 2 }), ...env },
  });
  const ran = existsSync(join(cwd, 'ran.txt')) ? readFileSync(join(cwd, 'ran.txt'), 'utf8') : null;
  return { ...r, ms: Date.now() - started, calls: fake.calls(), ran, runnerTemp, job, cwd, fake };
}

describe('execute: claim → the step command → complete or fail', () => {
  it('collector: claims as gha-RUN-INDEX, runs the command with the attempt in its environment, completes to --ledger-out', () => {
    const r = execute({});
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.ran).toBe('ran 3 implement 7 as gha-4242-2\n');
    expect(r.calls).toEqual([
      ['work', 'claim', '--attempt', '7', '--executor', 'gha-4242-2', '--json'],
      ['work', 'complete', '7', '--token', '41', '--ledger-out', join(r.runnerTemp, 'papertrail-out')],
    ]);
  });

  it('producer: complete without --ledger-out (the command commits it)', () => {
    const r = execute({ strategy: 'producer' });
    expect(r.code).toBe(0);
    expect(r.calls.at(-1)).toEqual(['work', 'complete', '7', '--token', '41']);
  });

  it('a failing command: work fail with its exit code as the reason, and the job fails with that code', () => {
    const r = execute({ strategy: 'producer', command: 'echo half > ran.txt; exit 7' });
    expect(r.code).toBe(7);
    expect(r.ran).toBe('half\n');
    expect(r.calls.at(-1)).toEqual([
      'work',
      'fail',
      '7',
      '--token',
      '41',
      '--reason',
      "the step's command exited with 7",
    ]);
  });

  it('a refused claim (exit 3): the command does not run, nothing is recorded, the job succeeds', () => {
    const r = execute({}, { FAKE_REFUSE: '7' });
    expect(r.code).toBe(0);
    expect(r.ran).toBeNull();
    expect(r.calls).toEqual([['work', 'claim', '--attempt', '7', '--executor', 'gha-4242-2', '--json']]);
    expect(r.stdout).toContain("::notice::Attempt 7 is not this job's to run");
  });

  it('a claim that fails otherwise: the command does not run and the job fails with its code', () => {
    const r = execute({}, { FAKE_CLAIM_EXIT: '4' });
    expect(r.code).toBe(4);
    expect(r.ran).toBeNull();
    expect(r.calls).toHaveLength(1);
  });

  it('a complete that fails fails the job, even though the command succeeded', () => {
    const r = execute({}, { FAKE_RECORD_EXIT: '4' });
    expect(r.code).toBe(4);
    expect(r.ran).not.toBeNull();
  });

  it("pre-claimed by the orchestrator: no second claim; the orchestrator's token records the result", () => {
    const lease = new Date(Date.now() + 300_000).toISOString();
    const r = execute(
      { preClaim: true },
      {},
      { ...entry, preclaimed: true, token: '99', leaseExpiresAt: lease },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.calls).toEqual([
      ['work', 'complete', '7', '--token', '99', '--ledger-out', join(r.runnerTemp, 'papertrail-out')],
    ]);
  });

  it('cancelled while the command ran: the cancel step fails the attempt; after a recorded result it does nothing', () => {
    const r = execute({ command: 'exit 0' });
    const cancel = stepOf(r.job, STEP_IDS.cancelled);
    expect(cancel.if).toBe('cancelled()');
    const env = envOf(r.job, STEP_IDS.cancelled, { matrix: entry });
    // Recorded already: nothing more.
    expect(runStep(cancel.run!, { cwd: r.cwd, path: r.fake.bin, runnerTemp: r.runnerTemp, env }).code).toBe(
      0,
    );
    expect(r.fake.calls()).toHaveLength(2);
    // Claimed, then cancelled before the result was recorded.
    const temp = tempDir('pt-runner-temp-');
    writeFileSync(join(temp, 'papertrail-claimed'), '');
    writeFileSync(join(temp, 'papertrail-token'), '41');
    expect(runStep(cancel.run!, { cwd: r.cwd, path: r.fake.bin, runnerTemp: temp, env }).code).toBe(0);
    expect(r.fake.calls().at(-1)).toEqual([
      'work',
      'fail',
      '7',
      '--token',
      '41',
      '--reason',
      'the workflow run was cancelled',
      '--ledger-out',
      join(temp, 'papertrail-out'),
    ]);
  });
});

/** Whether the process runs: a zombie has ended, though no parent has reaped it yet. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('execute: the lease renewed while the command runs', () => {
  const beats = (calls: string[][]) => calls.filter((c) => c[1] === 'heartbeat');
  // A lease of 3 seconds: a heartbeat every second.
  const run = (command: string, env: Record<string, string> = {}) =>
    execute({ strategy: 'producer', command }, { FAKE_LEASE_SECONDS: '3', ...env });

  it("renews with the claim's token every third of the lease, then stops with the command", async () => {
    const r = run('sleep 3.5; echo ok > ran.txt');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.ran).toBe('ok\n');
    expect(beats(r.calls).length).toBeGreaterThanOrEqual(2);
    for (const b of beats(r.calls)) expect(b).toEqual(['work', 'heartbeat', '7', '--token', '41']);
    expect(r.calls[0]![1]).toBe('claim');
    expect(r.calls.at(-1)).toEqual(['work', 'complete', '7', '--token', '41']);
    // Nothing renews the lease once the step has ended.
    const after = r.fake.calls().length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(r.fake.calls()).toHaveLength(after);
  });

  it('a short command ends before the first heartbeat: none is sent', () => {
    const r = run('echo ok > ran.txt', { FAKE_LEASE_SECONDS: '300' });
    expect(r.code).toBe(0);
    expect(beats(r.calls)).toEqual([]);
    expect(r.ms).toBeLessThan(30_000);
  });

  it('a lost lease (heartbeat refused, exit 3) stops the command and all it started; nothing is recorded', async () => {
    const r = run('sleep 60 & echo $! > child.pid; wait; echo done > ran.txt', {
      FAKE_HEARTBEAT_REFUSE_AT: '2',
    });
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.ran).toBeNull();
    expect(beats(r.calls)).toHaveLength(2);
    expect(r.calls.some((c) => c[1] === 'complete' || c[1] === 'fail')).toBe(false);
    expect(r.stdout).toContain('::error::The lease of attempt 7 was lost (work heartbeat was refused)');
    const child = Number(readFileSync(join(r.cwd, 'child.pid'), 'utf8'));
    await expect.poll(() => running(child), { timeout: 5000 }).toBe(false);
    // The attempt is not this job's any more: a cancellation after this records nothing either.
    const cancel = stepOf(r.job, STEP_IDS.cancelled);
    const env = envOf(r.job, STEP_IDS.cancelled, { matrix: entry });
    expect(runStep(cancel.run!, { cwd: r.cwd, path: r.fake.bin, runnerTemp: r.runnerTemp, env }).code).toBe(
      0,
    );
    expect(r.fake.calls().some((c) => c[1] === 'fail')).toBe(false);
  });

  it('a heartbeat that fails otherwise (not a refusal) is a warning; the command goes on and completes', () => {
    const r = run('sleep 2.5; echo ok > ran.txt', { FAKE_HEARTBEAT_EXIT: '2' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.ran).toBe('ok\n');
    expect(beats(r.calls).length).toBeGreaterThanOrEqual(1);
    expect(r.stdout).toContain('::warning::papertrail work heartbeat exited with 2');
    expect(r.calls.at(-1)).toEqual(['work', 'complete', '7', '--token', '41']);
  });

  it("pre-claimed: the orchestrator's token and what is left of its lease set the heartbeats", () => {
    const fake = fakePapertrail();
    const job = jobs({ strategy: 'producer', command: 'sleep 2.5', preClaim: true }).execute!;
    const matrix = {
      ...entry,
      preclaimed: true,
      token: '99',
      leaseExpiresAt: new Date(Date.now() + 3000).toISOString(),
    };
    const r = runStep(stepOf(job, STEP_IDS.attempt).run!, {
      cwd: tempDir(),
      path: fake.bin,
      env: envOf(job, STEP_IDS.attempt, { matrix }),
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(beats(fake.calls()).length).toBeGreaterThanOrEqual(1);
    for (const b of beats(fake.calls())) expect(b).toEqual(['work', 'heartbeat', '7', '--token', '99']);
    expect(fake.calls().at(-1)).toEqual(['work', 'complete', '7', '--token', '99']);
  });
});

describe('collector: one work collect over every downloaded artifact', () => {
  function collect(dirs: string[]) {
    const fake = fakePapertrail();
    const temp = tempDir('pt-runner-temp-');
    for (const d of dirs) {
      mkdirSync(join(temp, 'papertrail-handoff', d), { recursive: true });
      writeFileSync(join(temp, 'papertrail-handoff', d, 'x.json'), '{}');
    }
    const job = jobs().collect!;
    const r = runStep(stepOf(job, STEP_IDS.collect).run!, {
      cwd: tempDir(),
      path: fake.bin,
      runnerTemp: temp,
      env: {},
    });
    return { ...r, calls: fake.calls(), temp };
  }

  it('every artifact folder in one call', () => {
    const r = collect(['papertrail-handoff-7', 'papertrail-handoff-9']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([
      [
        'work',
        'collect',
        `${join(r.temp, 'papertrail-handoff', 'papertrail-handoff-7')}/`,
        `${join(r.temp, 'papertrail-handoff', 'papertrail-handoff-9')}/`,
      ],
    ]);
  });

  it('nothing downloaded: no call, a notice', () => {
    const r = collect([]);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.stdout).toContain('::notice::No handoff files to collect.');
  });
});

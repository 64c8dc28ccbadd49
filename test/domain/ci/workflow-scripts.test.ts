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

describe('orchestrator: the matrix of ready attempts', () => {
  it('one entry per ready attempt, in the order the schedule gave them', () => {
    const r = orchestrate(readFileSync(FIXTURE, 'utf8'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.calls).toEqual([['work', 'schedule', '--json']]);
    expect(r.outputs.count).toBe('4');
    expect(JSON.parse(r.outputs.matrix!)).toEqual({
      include: [
        { attempt: '7', item: '3', step: 'implement', order: 2, preclaimed: false },
        { attempt: '5', item: '2', step: 'runbook', order: 1, preclaimed: false },
        { attempt: '9', item: '2', step: 'docs', order: 1, preclaimed: false },
        { attempt: 'a-10', item: 'X.4', step: 'review', order: 3, preclaimed: false },
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
    const r = orchestrate(READY, { preClaim: true }, { FAKE_REFUSE: '5' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.calls.slice(1)).toEqual([
      ['work', 'claim', '--attempt', '7', '--executor', 'gha-4242-0'],
      ['work', 'claim', '--attempt', '5', '--executor', 'gha-4242-1'],
      ['work', 'claim', '--attempt', '9', '--executor', 'gha-4242-1'],
      ['work', 'claim', '--attempt', 'a-10', '--executor', 'gha-4242-2'],
    ]);
    const include = JSON.parse(r.outputs.matrix!).include;
    expect(include.map((e: { attempt: string; preclaimed: boolean }) => [e.attempt, e.preclaimed])).toEqual([
      ['7', true],
      ['9', true],
      ['a-10', true],
    ]);
    expect(r.stdout).toContain('::notice::attempt 5 was not claimed');
  });

  it('--pre-claim: a claim that fails otherwise (not a refusal) fails the job', () => {
    const r = orchestrate(READY, { preClaim: true }, { FAKE_CLAIM_EXIT: '4' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::papertrail work claim --attempt 7 failed (exit 4)');
    expect(r.outputs).toEqual({});
  });
});

describe('execute: claim → the step command → complete or fail', () => {
  const entry = { attempt: '7', item: '3', step: 'implement', order: 2, preclaimed: false };

  function execute(o: Partial<ExecutorsWorkflowOptions>, env: Record<string, string> = {}, matrix = entry) {
    const fake = fakePapertrail();
    const job = jobs(o).execute!;
    const cwd = tempDir();
    const runnerTemp = tempDir('pt-runner-temp-');
    const r = runStep(stepOf(job, STEP_IDS.attempt).run!, {
      cwd,
      path: fake.bin,
      runnerTemp,
      env: { ...envOf(job, STEP_IDS.attempt, { matrix, index: 2 }), ...env },
    });
    const ran = existsSync(join(cwd, 'ran.txt')) ? readFileSync(join(cwd, 'ran.txt'), 'utf8') : null;
    return { ...r, calls: fake.calls(), ran, runnerTemp, job, cwd, fake };
  }

  it('collector: claims as gha-RUN-INDEX, runs the command with the attempt in its environment, completes to --ledger-out', () => {
    const r = execute({});
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.ran).toBe('ran 3 implement 7 as gha-4242-2\n');
    expect(r.calls).toEqual([
      ['work', 'claim', '--attempt', '7', '--executor', 'gha-4242-2'],
      ['work', 'complete', '7', '--ledger-out', join(r.runnerTemp, 'papertrail-out')],
    ]);
  });

  it('producer: complete without --ledger-out (the command commits it)', () => {
    const r = execute({ strategy: 'producer' });
    expect(r.code).toBe(0);
    expect(r.calls.at(-1)).toEqual(['work', 'complete', '7']);
  });

  it('a failing command: work fail with its exit code as the reason, and the job fails with that code', () => {
    const r = execute({ strategy: 'producer', command: 'echo half > ran.txt; exit 7' });
    expect(r.code).toBe(7);
    expect(r.ran).toBe('half\n');
    expect(r.calls.at(-1)).toEqual(['work', 'fail', '7', '--reason', "the step's command exited with 7"]);
  });

  it('a refused claim (exit 3): the command does not run, nothing is recorded, the job succeeds', () => {
    const r = execute({}, { FAKE_REFUSE: '7' });
    expect(r.code).toBe(0);
    expect(r.ran).toBeNull();
    expect(r.calls).toEqual([['work', 'claim', '--attempt', '7', '--executor', 'gha-4242-2']]);
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

  it('pre-claimed by the orchestrator: no second claim', () => {
    const r = execute({ preClaim: true }, {}, { ...entry, preclaimed: true });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([
      ['work', 'complete', '7', '--ledger-out', join(r.runnerTemp, 'papertrail-out')],
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
    expect(runStep(cancel.run!, { cwd: r.cwd, path: r.fake.bin, runnerTemp: temp, env }).code).toBe(0);
    expect(r.fake.calls().at(-1)).toEqual([
      'work',
      'fail',
      '7',
      '--reason',
      'the workflow run was cancelled',
      '--ledger-out',
      join(temp, 'papertrail-out'),
    ]);
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

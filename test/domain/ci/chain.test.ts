// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions' own ${{ }} expressions, written as they appear in a workflow
// The chain job: after a run, the next schedule, and a workflow_dispatch of the next run only when this
// run ended one of its attempts and attempts are ready. Its steps run with bash as a runner runs them,
// `papertrail` the recording stand-in, the dispatch with curl against the OpenAPI-checked fake GitHub.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DISPATCH_DEADLINE_SECONDS,
  type ExecutorsWorkflowOptions,
  executorsWorkflow,
  STEP_IDS,
} from '../../../src/domain/ci/index.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';
import {
  fakePapertrail,
  type Job,
  readWorkflow,
  runStep,
  runStepAsync,
  stepOf,
  substitute,
  WORKFLOW_OPTIONS,
} from '../../helpers/actions-workflow.js';
import { startSilentServer } from '../../helpers/bad-servers.js';
import { tempDir } from '../../helpers/cli.js';

const base = WORKFLOW_OPTIONS;

const chainJob = (o: Partial<ExecutorsWorkflowOptions> = {}) =>
  readWorkflow(executorsWorkflow({ ...base, ...o })).jobs.chain!;

interface Entry {
  attempt: string;
  item: string;
  step: string;
}
const entry = (attempt: string, item: string, step: string): Entry => ({ attempt, item, step });
const ready = (attempt: string, item: number, step: string) => ({ attempt, item, step, order: 1 });

/** The `next` step after a run whose matrix was `ran`, `work schedule --json` answering `schedule`. */
function next(ran: Entry[], schedule: unknown) {
  const fake = fakePapertrail();
  const file = join(tempDir('pt-schedule-'), 'schedule.json');
  writeFileSync(
    file,
    typeof schedule === 'string' ? schedule : JSON.stringify({ ok: true, ...(schedule as object) }),
  );
  const job = chainJob();
  const step = stepOf(job, STEP_IDS.next);
  const env: Record<string, string> = {};
  const matrix = JSON.stringify({ include: ran.map((e) => ({ ...e, order: 1, preclaimed: false })) });
  for (const [k, v] of Object.entries(step.env ?? {}))
    env[k] = substitute(v, { runId: '1', index: 0, exprs: { 'needs.orchestrate.outputs.matrix': matrix } });
  const r = runStep(step.run!, { cwd: tempDir(), path: fake.bin, env: { ...env, FAKE_SCHEDULE: file } });
  return { ...r, calls: fake.calls() };
}

let github: FakeGitHub;

/** The dispatch step's environment as the workflow writes it, filled in as GitHub would for acme/svc. */
function dispatchEnv(job: Job, api: string): Record<string, string> {
  const env: Record<string, string> = { GITHUB_API_URL: api, GITHUB_REPOSITORY: 'acme/svc' };
  for (const [k, v] of Object.entries(stepOf(job, STEP_IDS.dispatch).env ?? {}))
    env[k] = substitute(v, {
      runId: '1',
      index: 0,
      exprs: {
        'secrets.GITHUB_TOKEN': github.token,
        'github.event.repository.default_branch || github.ref_name': 'main',
      },
    });
  return env;
}

const dispatches = () => github.calls.filter((c) => c.path.endsWith('/dispatches'));

/** Both steps as GitHub runs them: the dispatch only when `next` says so. */
async function chain(ran: Entry[], schedule: unknown) {
  const n = next(ran, schedule);
  expect(n.code, n.stdout + n.stderr).toBe(0);
  const job = chainJob();
  const dispatch = stepOf(job, STEP_IDS.dispatch);
  expect(dispatch.if).toBe("steps.next.outputs.dispatch == 'true'");
  const d =
    n.outputs.dispatch === 'true'
      ? await runStepAsync(dispatch.run!, { cwd: tempDir(), env: dispatchEnv(job, github.url) })
      : null;
  return { next: n, dispatch: d };
}

beforeAll(async () => {
  github = await startFakeGitHub();
  await fakeOctokit(github).rest.repos.createInOrg({ org: 'acme', name: 'svc', auto_init: true });
  github.actions.addWorkflow('acme/svc', 'papertrail-executors.yml', 'Papertrail executors');
});

afterAll(async () => {
  await github.close();
});

afterEach(() => {
  expect(github.violations).toEqual([]);
});

describe('the chain job in the workflow', () => {
  it.each([
    'collector',
    'producer',
  ] as const)('%s: after every other job, not after a cancel; the only job that may dispatch', (strategy) => {
    const wf = readWorkflow(executorsWorkflow({ ...base, strategy }));
    const job = wf.jobs.chain!;
    expect(job.needs).toEqual(
      strategy === 'collector' ? ['orchestrate', 'execute', 'collect'] : ['orchestrate', 'execute'],
    );
    expect(job.if).toBe(
      "!cancelled() && needs.orchestrate.result == 'success' && needs.orchestrate.outputs.count != '0'",
    );
    const forgeRead = { issues: 'read', 'pull-requests': 'read', checks: 'read' };
    expect(job.permissions).toEqual({ contents: 'write', actions: 'write', ...forgeRead });
    for (const [name, other] of Object.entries(wf.jobs))
      if (name === 'orchestrate') expect(other.permissions).toEqual({ contents: 'write', ...forgeRead });
      else if (name !== 'chain') expect(other.permissions).toEqual({ contents: 'write' });
    // Orchestrations still run one at a time, the dispatched run's included.
    expect(wf.jobs.orchestrate!.concurrency).toEqual({
      group: 'papertrail-orchestrate',
      'cancel-in-progress': false,
    });
    expect(stepOf(job, STEP_IDS.next).run).toMatch(/^papertrail work schedule --json /);
    expect(stepOf(job, STEP_IDS.dispatch).env).toEqual({
      PAPERTRAIL_DISPATCH_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
      PAPERTRAIL_DISPATCH_REF: '${{ github.event.repository.default_branch || github.ref_name }}',
      PAPERTRAIL_WORKFLOW_FILE: 'papertrail-executors.yml',
      PAPERTRAIL_DISPATCH_DEADLINE: String(DISPATCH_DEADLINE_SECONDS),
    });
    // `work schedule` reads the plan and the pull requests' checks with the job's token; no other
    // step of the job but the dispatch sees it.
    expect(stepOf(job, STEP_IDS.next).env).toMatchObject({ GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
    expect(stepOf(wf.jobs.orchestrate!, STEP_IDS.schedule).env).toMatchObject({
      GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
    });
    for (const st of job.steps)
      if (st.id !== STEP_IDS.next && st.id !== STEP_IDS.dispatch)
        expect(JSON.stringify(st)).not.toContain('secrets.');
    for (const j of [wf.jobs.execute!, ...(wf.jobs.collect ? [wf.jobs.collect] : [])])
      expect(JSON.stringify(j)).not.toContain('secrets.');
  });
});

describe('the chain: the next run only after progress, and only for ready work', () => {
  const ran = [entry('7', '3', 'implement'), entry('5', '2', 'runbook')];

  it('an attempt ended and others are ready: one workflow_dispatch of this workflow on the default branch', async () => {
    const before = dispatches().length;
    const r = await chain(ran, {
      ready: [ready('11', 3, 'review'), ready('5', 2, 'runbook')],
      running: [],
    });
    expect(r.next.calls).toEqual([['work', 'schedule', '--json']]);
    expect(r.next.stdout).toContain('This run ended 1 of its 2 attempt(s); 2 attempt(s) are ready');
    expect(r.dispatch?.code, `${r.dispatch?.stdout}${r.dispatch?.stderr}`).toBe(0);
    expect(r.dispatch?.stdout).toContain('Started the next run of papertrail-executors.yml on main.');
    const made = dispatches().slice(before);
    expect(made).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/repos/acme/svc/actions/workflows/papertrail-executors.yml/dispatches',
        status: 204,
        body: { ref: 'main' },
      }),
    ]);
    expect(`${r.dispatch?.stdout}${r.dispatch?.stderr}`).not.toContain(github.token);
  });

  it.each([
    ['attempts ended but nothing is ready', { ready: [], running: [] }],
    // Every claim was refused: the attempts are still ready, so nothing changed.
    [
      'nothing ended: the attempts are still ready',
      { ready: [ready('7', 3, 'implement'), ready('5', 2, 'runbook')], running: [] },
    ],
    [
      'nothing ended: their steps are still running',
      {
        ready: [ready('12', 4, 'docs')],
        running: [
          { issue: 3, step: 'implement', rank: 0 },
          { issue: 2, step: 'runbook', rank: 0 },
        ],
      },
    ],
  ])('%s: no dispatch', async (_what, schedule) => {
    const before = dispatches().length;
    const r = await chain(ran, schedule);
    expect(r.next.outputs).toEqual({ dispatch: 'false' });
    expect(r.dispatch).toBeNull();
    expect(r.next.stdout).toContain('no next run');
    expect(dispatches()).toHaveLength(before);
  });

  it("dispatches exactly when one of the run's attempts is neither ready nor running and some are ready", () => {
    const attempts = fc.constantFrom('1', '2', '3', '4');
    fc.assert(
      fc.property(
        fc.uniqueArray(attempts, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(attempts, { maxLength: 3 }),
        fc.uniqueArray(attempts, { maxLength: 3 }),
        (ranIds, readyIds, runningIds) => {
          const r = next(
            ranIds.map((a) => entry(a, a, 's')),
            {
              ready: readyIds.map((a) => ready(a, Number(a), 's')),
              running: runningIds.map((a) => ({ issue: Number(a), step: 's', rank: 0 })),
            },
          );
          const ended = ranIds.some((a) => !readyIds.includes(a) && !runningIds.includes(a));
          expect(r.outputs).toEqual({ dispatch: String(ended && readyIds.length > 0) });
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);

  it.each([
    ['not JSON', 'Error: no store', /::error::papertrail work schedule --json did not print JSON/],
    ['no running list', { ready: [] }, /::error::.*no "ready" and "running" lists/],
  ])('a schedule with %s fails the job, no dispatch', (_what, schedule, message) => {
    const r = next(ran, schedule);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(message);
    expect(r.outputs).toEqual({});
  });
});

describe('the dispatch: a deadline, and a refusal fails the job', () => {
  it('a GitHub that never answers: curl gives up at the deadline and the job fails, saying so', async () => {
    const silent = await startSilentServer();
    try {
      const job = chainJob();
      const r = await runStepAsync(stepOf(job, STEP_IDS.dispatch).run!, {
        cwd: tempDir(),
        env: { ...dispatchEnv(job, silent.url), PAPERTRAIL_DISPATCH_DEADLINE: '1' },
      });
      expect(r.code).toBe(28);
      expect(r.ms).toBeLessThan(15_000);
      expect(r.stdout).toContain('::error::Could not start the next run (curl exit 28)');
      expect(silent.received).toContain(
        'POST /repos/acme/svc/actions/workflows/papertrail-executors.yml/dispatches',
      );
      // The token went in the header, and nowhere it would be printed.
      expect(silent.received).toContain(`Authorization: Bearer ${github.token}`);
      expect(r.stdout + r.stderr).not.toContain(github.token);
    } finally {
      await silent.close();
    }
  });

  it('GitHub refusing the dispatch (no such workflow on the repository) fails the job', async () => {
    const job = chainJob();
    const r = await runStepAsync(stepOf(job, STEP_IDS.dispatch).run!, {
      cwd: tempDir(),
      env: { ...dispatchEnv(job, github.url), PAPERTRAIL_WORKFLOW_FILE: 'gone.yml' },
    });
    expect(r.code).toBe(22);
    expect(r.stdout).toContain('::error::Could not start the next run (curl exit 22)');
    expect(github.calls.at(-1)).toMatchObject({ status: 404 });
  });
});

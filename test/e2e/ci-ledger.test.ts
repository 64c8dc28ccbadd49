// The jobs `papertrail ci init` writes, run step by step as a runner runs them, with the built CLI
// against the git ledger: a bare repository stands for GitHub. The orchestrator's matrix, every
// execute entry run twice (a second job for the same attempt is refused and does nothing), the
// uploads gathered as the collector downloads them, one collect, and the chain job's verdict on the
// ledger it leaves: this run ended its attempts and the next step is ready, so it starts the next run.

import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExecutorsWorkflowOptions, executorsWorkflow, STEP_IDS } from '../../src/domain/ci/index.js';
import {
  type Job,
  readWorkflow,
  runStep,
  stepOf,
  substitute,
  WORKFLOW_OPTIONS,
} from '../helpers/actions-workflow.js';
import { cli, plannedRepo, ROOT, tempDir } from '../helpers/cli.js';

const STEPS = ['a', 'b', 'c'];
const WORKFLOW = `id: wf-par\nname: Parallel\nversion: 1.0.0\neffectiveFrom: 2026-01-01\nsteps:\n${STEPS.map(
  (k) => `  - key: ${k}\n    order: 1\n    parallelizable: true\n    responsibleRole: dev\n`,
).join('')}  - key: d\n    order: 2\n    responsibleRole: dev\n`;

function envOf(
  job: Job,
  id: string,
  ctx: { matrix?: Record<string, unknown>; index: number; exprs?: Record<string, string> },
) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...job.env, ...stepOf(job, id).env }))
    env[k] = substitute(String(v), { runId: '77', ...ctx });
  return env;
}

/** A planned repository on the git ledger, a bare repository for GitHub, the workflow's steps to run. */
function ledgerRun(o: Partial<ExecutorsWorkflowOptions> = {}) {
  const { repo } = plannedRepo();
  const remote = join(tempDir('pt-ci-ledger-'), 'github.git');
  execFileSync('git', ['init', '-q', '--bare', remote]);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', remote]);
  writeFileSync(join(repo, 'wf.yaml'), WORKFLOW);
  appendFileSync(join(repo, 'papertrail.yaml'), 'execution:\n  workflow: wf.yaml\n  ledger: {}\n');
  // `papertrail` on the runner's PATH is the CLI built from this checkout.
  const bin = tempDir('pt-ci-bin-');
  writeFileSync(
    join(bin, 'papertrail'),
    `#!/bin/sh\nexec "${process.execPath}" "${ROOT}/bin/papertrail.js" "$@"\n`,
  );
  chmodSync(join(bin, 'papertrail'), 0o755);
  const ran = join(tempDir('pt-ci-ran-'), 'ran.log');
  writeFileSync(ran, '');
  const wf = readWorkflow(
    executorsWorkflow({ ...WORKFLOW_OPTIONS, command: 'echo "$PAPERTRAIL_ATTEMPT" >> "$RAN_LOG"', ...o }),
  );
  const git = { GIT_AUTHOR_NAME: 'ci', GIT_AUTHOR_EMAIL: 'ci@example.test' };
  const step = (
    job: Job,
    id: string,
    ctx: { matrix?: Record<string, unknown>; index: number; exprs?: Record<string, string> },
    temp?: string,
  ) =>
    runStep(stepOf(job, id).run!, {
      cwd: repo,
      path: bin,
      env: {
        ...envOf(job, id, ctx),
        ...git,
        GIT_COMMITTER_NAME: 'ci',
        GIT_COMMITTER_EMAIL: 'ci@example.test',
        GITHUB_RUN_ID: '77',
        RAN_LOG: ran,
      },
      ...(temp ? { runnerTemp: temp } : {}),
    });
  return { repo, remote, ran, wf, step };
}

describe('ci init workflow on the git ledger', () => {
  it('each ready attempt is run once, every handoff file lands in one collect, the audit verifies', () => {
    const { repo, remote, ran, wf, step } = ledgerRun();
    const o = step(wf.jobs.orchestrate!, STEP_IDS.schedule, { index: 0 });
    expect(o.code, o.stdout + o.stderr).toBe(0);
    const include = JSON.parse(o.outputs.matrix!).include as Record<string, string>[];
    expect(include.map((e) => e.attempt)).toEqual([
      ...STEPS.map((s) => `2-${s}-1`),
      ...STEPS.map((s) => `3-${s}-1`),
    ]);

    // Two jobs per attempt; what each uploads is downloaded by the collector into a folder of its own.
    const collectTemp = tempDir('pt-ci-collect-');
    let index = 0;
    for (const matrix of include)
      for (let twice = 0; twice < 2; twice++) {
        const temp = tempDir('pt-ci-job-');
        const r = step(wf.jobs.execute!, STEP_IDS.attempt, { matrix, index }, temp);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        if (twice === 1) expect(r.stdout).toContain('is not this job');
        const out = join(temp, 'papertrail-out');
        if (existsSync(out))
          cpSync(out, join(collectTemp, 'papertrail-handoff', `job-${index}`), { recursive: true });
        index++;
      }
    const c = step(wf.jobs.collect!, STEP_IDS.collect, { index: 0 }, collectTemp);
    expect(c.code, c.stdout + c.stderr).toBe(0);

    // Each attempt's command ran once, by the job that claimed it.
    expect(readFileSync(ran, 'utf8').trim().split('\n').sort()).toEqual(include.map((e) => e.attempt).sort());
    const ls = (dir: string) =>
      execFileSync('git', ['-C', remote, 'ls-tree', '--name-only', `papertrail/ledger:artifacts/${dir}`], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean);
    expect(ls('claims')).toHaveLength(include.length);
    expect(ls('handoff').length).toBeGreaterThanOrEqual(include.length);
    const v = cli(['audit', 'verify', '--json'], { cwd: repo });
    expect(v.code, v.stdout + v.stderr).toBe(0);

    // The chain job: every attempt of the run ended and step d is ready now, so the next run starts.
    const n = step(wf.jobs.chain!, STEP_IDS.next, {
      index: 0,
      exprs: { 'needs.orchestrate.outputs.matrix': o.outputs.matrix! },
    });
    expect(n.code, n.stdout + n.stderr).toBe(0);
    expect(n.stdout).toContain('This run ended 6 of its 6 attempt(s); 2 attempt(s) are ready');
    expect(n.outputs).toEqual({ dispatch: 'true' });
  }, 300_000);

  it("--pre-claim: the orchestrator's claims hand their tokens on; the execute job records with them", () => {
    const { ran, wf, step } = ledgerRun({ strategy: 'producer', preClaim: true });
    const o = step(wf.jobs.orchestrate!, STEP_IDS.schedule, { index: 0 });
    expect(o.code, o.stdout + o.stderr).toBe(0);
    const include = JSON.parse(o.outputs.matrix!).include as Record<string, string | boolean>[];
    expect(include).toHaveLength(STEPS.length * 2);
    for (const e of include) {
      expect(e.preclaimed).toBe(true);
      expect(e.token).toMatch(/^\d+$/);
      expect(Date.parse(String(e.leaseExpiresAt))).toBeGreaterThan(Date.now());
    }
    const r = step(wf.jobs.execute!, STEP_IDS.attempt, { matrix: include[0]!, index: 0 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(ran, 'utf8')).toBe(`${include[0]!.attempt}\n`);
    // Another token is not this claim's: the ledger refuses the result.
    const stale = { ...include[1]!, token: String(Number(include[1]!.token) + 1) };
    const s = step(wf.jobs.execute!, STEP_IDS.attempt, { matrix: stale, index: 1 });
    expect(s.code).not.toBe(0);
    expect(s.stdout + s.stderr).toContain('work/stale-token');
  }, 300_000);
});

import {
  type DeployAction,
  type EnvironmentSettings,
  envSecondsMs,
  type HealthCheck,
  holdExit,
  redactDeep,
  secretValues,
  toPtError,
} from '../../base/index.js';
import { type Diagnosis, describePool, poolHealth } from '../../domain/deploy/index.js';
import { interpolate, type Step } from '../../domain/ops/index.js';
import { type ActionsPort, actionsOf, type DeploymentState } from '../../ports/forge/index.js';
import {
  addDeployDetection,
  addGates,
  type Deploy,
  type DeployOutcome,
  deployHeartbeat,
  deploysAhead,
  enqueueDeploy,
  finishDeploy,
  recordDeployDecision,
  releaseStaleDeploys,
  runApprovals,
  setGate,
  takeDeployTurn,
} from '../../ports/store/index.js';
import { lendStore } from '../kernel/index.js';
import { runCommandStep } from './command-step.js';
import { type ActionEnd, DEFAULT_DEPLOY_POLL_MS, poolsOf, runWorkflow } from './deploy-workflow.js';
import { notifyRunChange } from './notify.js';
import type { StepContext, StepEnd } from './step-context.js';

type DeployStep = Extract<Step, { kind: 'deploy' }>;

export const CONSTITUTION_GATE = 'Preflight: constitution';
export const RUNNERS_GATE = 'Preflight: runners';

/** A deploy step's state while it runs: where it records its decisions. */
export interface DeployContext {
  c: StepContext;
  environment: string;
  ref: string;
  pollMs: number;
  row: Deploy;
  workflowUrl?: string;
  /** One decision: a line of the run's log and a record of the audit trail. */
  decide(
    decision: string,
    message: string,
    data?: Record<string, unknown>,
    level?: 'info' | 'warn' | 'error' | 'success',
  ): Promise<void>;
  /** A runner problem found `seconds` after the job was created, and what was decided about it. */
  detected(seconds: number, diagnosis: Diagnosis): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Where the environment's deploys are refused before anything is queued: it is not configured. */
export function environmentOf(c: StepContext, name: string): EnvironmentSettings | null {
  return c.app.ws.config.environments?.[name] ?? null;
}

/**
 * A deploy: one at a time per environment (later ones wait in order; the one in progress is never
 * stopped for them), then preflight (the constitution's gates, runner health), the deploy (a command
 * here, or a workflow on GitHub with failover), health checks, and a retry or a rollback when it
 * fails. Each decision is a log line and an audit record.
 */
export async function deployStep(c: StepContext, step: DeployStep): Promise<StepEnd> {
  const environment = interpolate(step.deploy.environment, c.vars);
  const ref = interpolate(step.deploy.ref, c.vars);
  const settings = environmentOf(c, environment);
  if (!settings)
    return {
      ok: false,
      error: `deploy/unknown-environment: "${environment}" is not under environments: in papertrail.yaml`,
    };
  const actions = c.deps.actions
    ? c.deps.actions(c.forge)
    : c.forge?.kind === 'github'
      ? actionsOf(c.forge)
      : null;
  const pollMs =
    c.deps.deployPollMs ??
    envSecondsMs('PAPERTRAIL_DEPLOY_POLL', DEFAULT_DEPLOY_POLL_MS / 1000, {
      allowZero: false,
      hint: "Seconds between a deploy's looks at its queue and its workflow's job, like PAPERTRAIL_DEPLOY_POLL=15.",
    });
  const row = await enqueueDeploy(c.x, {
    run: c.run.id,
    step: step.id,
    environment,
    ref,
    actor: c.actor,
  });
  const d: DeployContext = {
    c,
    environment,
    ref,
    pollMs,
    row,
    async decide(decision, message, data = {}, level = 'info') {
      c.log.add({ level, source: 'deploy', message, data: { decision, ...data } });
      await recordDeployDecision(
        c.x,
        c.actor,
        redactDeep(
          { run: c.run.id, environment, deploy: row.id, decision, message, ...data },
          secretValues(),
          {
            patterns: true,
          },
        ),
      );
    },
    async detected(seconds, diagnosis) {
      await addDeployDetection(c.x.db, row.id, { seconds, decision: diagnosis.decision });
      await d.decide(
        diagnosis.decision === 'failover' ? 'failover' : 'fail-fast',
        `${diagnosis.decision === 'failover' ? 'Failover' : 'Fail fast'} after ${Math.round(seconds)} s: ${diagnosis.reason} ${diagnosis.hint}`,
        {
          detectSeconds: seconds,
          pools: [diagnosis.primary, ...(diagnosis.secondary ? [diagnosis.secondary] : [])],
          hint: diagnosis.hint,
        },
        diagnosis.decision === 'failover' ? 'warn' : 'error',
      );
    },
  };
  c.log.info('deploy', `Queued to deploy ${ref} to ${environment}`, { decision: 'queued', deploy: row.id });
  if (!(await waitForTurn(d))) {
    await finishDeploy(c.x, row, 'canceled', c.actor);
    return { ok: false, error: 'canceled while queued' };
  }
  const beat = setInterval(() => void deployHeartbeat(c.x.db, row.id).catch(() => {}), 30_000);
  // An interrupt waits for the deploy in progress to end (a second one stops at once).
  const letExitGo = holdExit({
    doing: `the deploy of ${environment} under way`,
    cutShort: 'its command is killed half-way, and nothing rolls it back',
  });
  const onAbort = () =>
    c.log.add({
      level: 'warn',
      source: 'deploy',
      message: `Interrupted: the deploy of ${environment} in progress is not stopped half-way; the run ends when it does`,
    });
  c.signal.addEventListener('abort', onAbort, { once: true });
  let outcome: DeployOutcome = 'failed';
  let deployment: number | null = null;
  try {
    await d.decide(
      'started',
      `Deploying ${ref} to ${environment}: no other deploy of ${environment} is in progress`,
    );
    await recordApproval(d, settings);
    const pre = await preflight(d, settings, actions);
    if (!pre.ok) return pre;
    if (actions) {
      deployment = (
        await actions.createDeployment({ ref, environment, description: `Papertrail run ${c.run.id}` })
      ).id;
      await setDeployment(d, actions, deployment, 'in_progress');
    }
    const end = await deployWithRetries(d, settings, actions);
    if (end.ok) {
      outcome = 'success';
      await d.decide('succeeded', `Deployed ${ref} to ${environment}`, {}, 'success');
      return { ok: true };
    }
    if (end.nothingRan) {
      await d.decide('no-rollback', `Nothing was deployed (${end.error}): nothing to roll back`, {}, 'error');
      return { ok: false, error: end.error };
    }
    outcome = await rollBack(d, settings, actions, end.error);
    return { ok: false, error: outcome === 'rolled_back' ? `${end.error}; rolled back` : end.error };
  } catch (e) {
    return { ok: false, error: toPtError(e).message };
  } finally {
    clearInterval(beat);
    c.signal.removeEventListener('abort', onAbort);
    if (actions && deployment !== null)
      await setDeployment(d, actions, deployment, outcome === 'success' ? 'success' : 'failure').catch(
        () => {},
      );
    await finishDeploy(c.x, row, outcome, c.actor);
    letExitGo();
  }
}

/** Waits until the deploy is the environment's active one; false when the run is canceled meanwhile. */
async function waitForTurn(d: DeployContext): Promise<boolean> {
  const { c, row } = d;
  let told = '';
  for (;;) {
    if (c.signal.aborted) return false;
    await releaseStaleDeploys(c.x, d.environment, c.actor);
    if (await takeDeployTurn(c.x.db, row)) return true;
    const ahead = await deploysAhead(c.x.db, row);
    const line = ahead.map((a) => `${a.run_id.slice(0, 8)} (${a.state})`).join(', ');
    if (line && line !== told) {
      told = line;
      await d.decide(
        'waiting',
        `Waiting for ${ahead.length} earlier deploy(s) of ${d.environment}: ${line}`,
        {
          ahead: ahead.map((a) => ({ run: a.run_id, state: a.state })),
        },
      );
    }
    await sleep(Math.min(d.pollMs, 2_000), c.signal);
  }
}

async function recordApproval(d: DeployContext, settings: EnvironmentSettings): Promise<void> {
  const approvals = await runApprovals(d.c.x.db, d.c.run.id);
  if (approvals.length)
    await d.decide(
      'approval',
      `Approved by ${approvals.map((a) => `${a.approver} ("${a.reason}")`).join(', ')} (approval: ${settings.approval})`,
      { rule: settings.approval, approvers: approvals.map((a) => a.approver) },
    );
  else
    await d.decide(
      'approval',
      `No approval needed (approval: ${settings.approval}, risk ${d.c.run.risk} in ${d.c.run.env})`,
      {
        rule: settings.approval,
      },
    );
}

async function gate(d: DeployContext, name: string, status: 'pass' | 'fail' | 'skipped', details: unknown) {
  await addGates(d.c.x, d.c.run.id, [{ name, details }], d.c.actor);
  await setGate(d.c.x, d.c.run.id, name, { status, details }, d.c.actor);
  notifyRunChange({ type: 'gate', run: d.c.run.id, gate: name, status });
}

/**
 * The constitution's gates, as `papertrail check` runs them (the verb the run may call), and the runner
 * pools' health when the deploy goes to GitHub. Without a constitution there is nothing to check, and
 * the gate says so rather than passing.
 */
async function preflight(
  d: DeployContext,
  settings: EnvironmentSettings,
  actions: ActionsPort | null,
): Promise<StepEnd> {
  const { c } = d;
  const check = c.deps.verbs.check;
  if (!check) {
    await gate(d, CONSTITUTION_GATE, 'skipped', { why: 'papertrail check cannot be called from a run here' });
  } else {
    try {
      const r = await lendStore({ root: c.app.ws.root, x: c.x, forge: c.forge }, () => check.call(c.app, {}));
      await gate(d, CONSTITUTION_GATE, r.ok ? 'pass' : 'fail', r.data ?? null);
      await d.decide('preflight-constitution', r.summary, { ok: r.ok }, r.ok ? 'info' : 'error');
      if (!r.ok) return { ok: false, error: `preflight: ${r.summary}` };
    } catch (e) {
      const err = toPtError(e);
      if (err.code !== 'constitution/not-found') throw e;
      await gate(d, CONSTITUTION_GATE, 'skipped', { why: err.message, hint: err.hint });
      await d.decide(
        'preflight-constitution',
        `No constitution: its gates are not checked (${err.hint})`,
        {},
        'warn',
      );
    }
  }
  if (!settings.deploy.workflow || !actions) return { ok: true };
  const p = poolsOf(settings);
  const runners = await actions.listRunners();
  const pools = [
    poolHealth('primary', p.primary, runners),
    ...(p.secondary ? [poolHealth('secondary', p.secondary, runners)] : []),
  ];
  const usable = pools.some((x) => x.verdict !== 'down');
  await gate(d, RUNNERS_GATE, usable ? 'pass' : 'fail', { pools });
  const text = pools.map(describePool).join('; ');
  await d.decide('preflight-runners', `Runners: ${text}`, { pools }, usable ? 'info' : 'error');
  if (!usable)
    return {
      ok: false,
      error: `preflight: no runner of the ${pools.map((x) => x.pool).join(' or the ')} pool is online (${text}); start the runner service on a host with these labels`,
    };
  return { ok: true };
}

/** Runs the deploy; a failed one again while it is idempotent and has retries left. */
async function deployWithRetries(
  d: DeployContext,
  settings: EnvironmentSettings,
  actions: ActionsPort | null,
): Promise<ActionEnd> {
  const tries = settings.deploy.idempotent ? settings.deploy.retries + 1 : 1;
  let end: ActionEnd = { ok: false, error: 'not run' };
  for (let n = 1; n <= tries; n++) {
    end = await runAction(d, settings.deploy, settings, actions, 'deploy');
    if (end.ok) end = await healthChecks(d, settings.health, n);
    if (end.ok) return end;
    if (end.nothingRan) break;
    if (n < tries)
      await d.decide(
        'retry',
        `Attempt ${n} failed (${end.error}); the deploy is idempotent: attempt ${n + 1} of ${tries}`,
        { attempt: n, error: end.error },
        'warn',
      );
    else if (!settings.deploy.idempotent)
      await d.decide(
        'no-retry',
        `Attempt ${n} failed (${end.error}); the deploy is not idempotent: no retry`,
        {
          error: end.error,
        },
        'warn',
      );
  }
  return end;
}

async function rollBack(
  d: DeployContext,
  settings: EnvironmentSettings,
  actions: ActionsPort | null,
  error: string,
): Promise<DeployOutcome> {
  if (!settings.rollback) {
    await d.decide('no-rollback', `Deploy failed (${error}); no rollback is configured`, {}, 'error');
    return 'failed';
  }
  await d.decide('rollback', `Deploy failed (${error}): rolling back`, { error }, 'warn');
  const end = await runAction(d, settings.rollback, settings, actions, 'rollback');
  if (end.ok) {
    await d.decide('rolled-back', `Rolled back ${d.environment}`, {}, 'warn');
    return 'rolled_back';
  }
  await d.decide(
    'rollback-failed',
    `The rollback failed too (${end.error}): ${d.environment} needs a person`,
    {},
    'error',
  );
  return 'failed';
}

async function runAction(
  d: DeployContext,
  action: DeployAction,
  settings: EnvironmentSettings,
  actions: ActionsPort | null,
  what: 'deploy' | 'rollback',
): Promise<ActionEnd> {
  if (action.workflow) {
    if (!actions)
      return {
        ok: false,
        error: `${what} by workflow ${action.workflow} needs GitHub (forge: github); here, give command instead`,
        nothingRan: true,
      };
    return runWorkflow(d, actions, { ...action, workflow: action.workflow }, settings, what);
  }
  d.c.log.info('deploy', `Running the ${what} command`, { decision: `run-${what}` });
  return deployCommand(d, action.command!, settings.timeoutMinutes * 60_000, {
    timedOut: `${what} timed out after ${settings.timeoutMinutes} min`,
    failed: `${what} command exit code`,
  });
}

/**
 * A deploy's command (the deploy, the rollback, a health check) in the workspace, with the deploy's
 * values in its environment. Not under the run's signal: a deploy in progress is not stopped
 * half-way; its timeout bounds it.
 */
async function deployCommand(
  d: DeployContext,
  command: string,
  timeoutMs: number,
  say: { timedOut: string; failed: string },
): Promise<ActionEnd> {
  const env = { ...d.c.env, PT_DEPLOY_ENVIRONMENT: d.environment, PT_DEPLOY_REF: d.ref };
  const end = await runCommandStep(d.c.app.ws.root, command, env, timeoutMs, d.c.log);
  if (end.stopped === 'timed_out') return { ok: false, error: say.timedOut };
  return end.exitCode === 0 ? { ok: true } : { ok: false, error: `${say.failed} ${end.exitCode}` };
}

async function healthChecks(
  d: DeployContext,
  checks: readonly HealthCheck[],
  attempt: number,
): Promise<ActionEnd> {
  for (const [i, h] of checks.entries()) {
    const name = h.name ?? h.url ?? `check ${i + 1}`;
    const end = h.url
      ? await urlCheck(h.url, h.expectStatus, h.timeoutSeconds)
      : await deployCommand(d, h.command!, h.timeoutSeconds * 1000, {
          timedOut: `timed out after ${h.timeoutSeconds} s`,
          failed: 'exit code',
        });
    await d.decide(
      'health',
      end.ok ? `Health check ${name}: ok` : `Health check ${name} failed: ${end.error}`,
      { check: name, attempt, ok: end.ok },
      end.ok ? 'info' : 'error',
    );
    if (!end.ok) return end;
  }
  return { ok: true };
}

async function urlCheck(url: string, expect: number, timeoutSeconds: number): Promise<ActionEnd> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000), redirect: 'manual' });
    await r.body?.cancel();
    return r.status === expect ? { ok: true } : { ok: false, error: `HTTP ${r.status}, expected ${expect}` };
  } catch (e) {
    const timedOut = (e as Error).name === 'TimeoutError';
    return { ok: false, error: timedOut ? `no answer within ${timeoutSeconds} s` : (e as Error).message };
  }
}

async function setDeployment(d: DeployContext, actions: ActionsPort, id: number, state: DeploymentState) {
  await actions.setDeploymentStatus(id, {
    state,
    description: `Papertrail run ${d.c.run.id}: ${state}`,
    ...(d.workflowUrl ? { logUrl: d.workflowUrl } : {}),
  });
}

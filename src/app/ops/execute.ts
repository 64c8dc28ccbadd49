import { EXIT, PtError, toPtError } from '../../base/index.js';
import { inputEnvName, type Step, type Variables } from '../../domain/ops/index.js';
import { getRun, moveRun, type Run } from '../../ports/store/index.js';
import { type App, actorOf, withStore } from '../kernel/index.js';
import { askStep } from './ask-step.js';
import { runCommandStep } from './command-step.js';
import { deployStep } from './deploy-step.js';
import type { OpsDeps } from './deps.js';
import { EventLog } from './event-log.js';
import { notifyRunChange } from './notify.js';
import { openPullStep } from './pr-step.js';
import { securityStep } from './security-step.js';
import type { StepContext, StepEnd } from './step-context.js';
import { verbStep } from './verb-step.js';
import { type EventView, type RunView, resolveRun, runView, type StoredPlan, shortId } from './view.js';

/** How often a running run looks whether it was cancelled from elsewhere. */
const CANCEL_POLL_MS = 1000;

export interface ExecuteOptions {
  actor?: string;
  /** Each log line once stored (a face shows them live). */
  onEvent?: (e: EventView) => void;
  /** Aborting stops the run where it is (a command's process group is killed); the run ends canceled. */
  signal?: AbortSignal;
}

export function runVariables(run: Run, today: string): Variables {
  const vars: Variables = { 'run.id': run.id, 'run.short': shortId(run.id), env: run.env, date: today };
  for (const [k, v] of Object.entries(run.input as Record<string, unknown>)) vars[`inputs.${k}`] = String(v);
  return vars;
}

function commandEnv(run: Run): Record<string, string> {
  const env: Record<string, string> = { PT_RUN_ID: run.id, PT_ENV: run.env };
  for (const [k, v] of Object.entries(run.input as Record<string, unknown>)) env[inputEnvName(k)] = String(v);
  return env;
}

async function runStep(c: StepContext, step: Step): Promise<StepEnd> {
  switch (step.kind) {
    case 'command': {
      const end = await runCommandStep(
        c.app.ws.root,
        step.run,
        c.env,
        step.timeoutSeconds * 1000,
        c.log,
        c.signal,
      );
      if (end.stopped === 'timed_out')
        return { ok: false, error: `timed out after ${step.timeoutSeconds} s` };
      if (end.stopped === 'canceled') return { ok: false, error: 'canceled' };
      return end.exitCode === 0 ? { ok: true } : { ok: false, error: `exit code ${end.exitCode}` };
    }
    case 'verb':
      return verbStep(c, step);
    case 'pr':
      await openPullStep(c, step.pr, c.plan.checks);
      return { ok: true };
    case 'security':
      return securityStep(c, step);
    case 'ask':
      return askStep(c, step.id, step.ask);
    case 'deploy':
      return deployStep(c, step);
  }
}

/**
 * Runs a queued run's phases, step after step, in this process: the run moves queued → running →
 * success or error, each step's start and end are in its log (the phases' ✓/⏳/✗), and the first
 * step that fails ends the run. A run cancelled from elsewhere is stopped at its next look.
 */
export async function executeRun(
  app: App,
  ref: string,
  deps: OpsDeps,
  opts: ExecuteOptions = {},
): Promise<RunView> {
  const actor = opts.actor ?? actorOf(app.ws.root);
  return withStore(
    app,
    async ({ x, forge }) => {
      const found = await resolveRun(x.db, ref);
      const run = await moveRun(x, found.id, ['queued'], 'running', { actor });
      if (!run)
        throw new PtError('ops/not-queued', `Run ${shortId(found.id)} is ${found.status}, not queued`, {
          hint:
            found.status === 'waiting'
              ? `It waits for approval: papertrail ops approve ${shortId(found.id)} --reason TEXT (by someone other than ${found.requested_by}).`
              : 'Only a queued run can be started.',
          exit: EXIT.conflict,
        });
      notifyRunChange({ type: 'status', run: run.id, status: 'running' });
      const log = new EventLog(x.db, run.id, opts.onEvent);
      const abort = new AbortController();
      const onAbort = () => abort.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      let looking = false;
      const watch = setInterval(() => {
        if (looking) return;
        looking = true;
        getRun(x.db, run.id)
          .then((r) => {
            if (r?.status === 'canceled') abort.abort();
          })
          .catch(() => {})
          .finally(() => {
            looking = false;
          });
      }, CANCEL_POLL_MS);
      const plan = run.plan as StoredPlan;
      const c: StepContext = {
        app,
        x,
        forge,
        run,
        plan,
        vars: runVariables(run, app.today),
        env: commandEnv(run),
        log,
        deps,
        actor,
        signal: abort.signal,
      };
      let end: StepEnd = { ok: true };
      try {
        outer: for (const [i, phase] of plan.phases.entries()) {
          log.phase = phase.name;
          log.info('phase', `Phase ${i}: ${phase.name}`);
          for (const step of phase.steps) {
            if (abort.signal.aborted) break outer;
            log.info('step', `Start: ${step.title}`, { step: step.id, state: 'running' });
            try {
              end = await runStep(c, step);
            } catch (e) {
              end = { ok: false, error: toPtError(e).message };
            }
            log.add({
              level: end.ok ? 'success' : 'error',
              source: 'step',
              message: end.ok ? `Done: ${step.title}` : `Failed: ${step.title}: ${end.error}`,
              data: { step: step.id, state: end.ok ? 'success' : 'error' },
            });
            if (!end.ok) break outer;
          }
        }
      } finally {
        clearInterval(watch);
        opts.signal?.removeEventListener('abort', onAbort);
      }
      log.phase = null;
      if (abort.signal.aborted) {
        // Stopped from here (an interrupt): the run is canceled; from elsewhere it already is.
        await moveRun(x, run.id, ['running'], 'canceled', { actor, error: 'canceled while running' });
        log.add({ level: 'warn', source: 'ops', message: 'Run canceled' });
      } else if (end.ok) log.add({ level: 'success', source: 'ops', message: 'Run finished' });
      else log.add({ level: 'error', source: 'ops', message: `Run failed: ${end.error}` });
      await log.flush();
      const final =
        (abort.signal.aborted
          ? undefined
          : await moveRun(x, run.id, ['running'], end.ok ? 'success' : 'error', {
              actor,
              ...(end.ok ? {} : { error: end.error }),
            })) ?? (await getRun(x.db, run.id))!;
      notifyRunChange({ type: 'status', run: run.id, status: final.status });
      return runView(x.db, final);
    },
    { forge: true },
  );
}

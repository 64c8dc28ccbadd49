import { EXIT, PtError } from '../../base/index.js';
import { ENVS, RUN_STATUSES } from '../../domain/ops/index.js';
import {
  countRunsByStatus,
  finishedDeploys,
  isFinished,
  listRuns,
  type RunEnv,
  type RunStatus,
  runEventsSince,
} from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { expireOverdue } from './approve.js';
import {
  type EventView,
  eventView,
  type RunSummary,
  type RunView,
  resolveRun,
  runSummary,
  runView,
} from './view.js';

export interface ListRequest {
  env?: string;
  kind?: string;
  status?: string;
  limit?: number;
}

function oneOf<T extends string>(value: string | undefined, all: readonly T[], what: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(all as readonly string[]).includes(value))
    throw new PtError('ops/bad-filter', `"${value}" is not a run ${what}`, {
      hint: `Use one of: ${all.join(', ')}.`,
      exit: EXIT.conflict,
    });
  return value as T;
}

/** `ops list`: runs newest first, filtered by environment, kind and status. */
export async function listOpsRuns(app: App, req: ListRequest = {}): Promise<RunSummary[]> {
  const env = oneOf<RunEnv>(req.env, ENVS, 'environment');
  const status = oneOf<RunStatus>(req.status, RUN_STATUSES, 'status');
  return withStore(app, async ({ x }) => {
    await expireOverdue(x);
    const runs = await listRuns(x.db, {
      ...(env ? { env } : {}),
      ...(status ? { status } : {}),
      ...(req.kind ? { kind: req.kind } : {}),
      limit: req.limit ?? 100,
    });
    return runs.map(runSummary);
  });
}

/** `ops show`: a run with its phases, gates, artifacts and approvals, and its log (the first `limit` lines). */
export async function showRun(
  app: App,
  ref: string,
  opts: { limit?: number } = {},
): Promise<RunView & { events: EventView[] }> {
  return withStore(app, async ({ x }) => {
    await expireOverdue(x);
    const run = await resolveRun(x.db, ref);
    const events = await runEventsSince(x.db, run.id, 0, opts.limit ?? 10_000);
    return { ...(await runView(x.db, run)), events: events.map(eventView) };
  });
}

/** A run's log lines after `afterId` (a stream's Last-Event-ID), and whether the run has finished. */
export async function runEvents(
  app: App,
  ref: string,
  afterId = 0,
  limit = 1000,
): Promise<{ run: string; status: string; finished: boolean; events: EventView[] }> {
  return withStore(app, async ({ x }) => {
    const run = await resolveRun(x.db, ref);
    const events = await runEventsSince(x.db, run.id, afterId, limit);
    return {
      run: run.id,
      status: run.status,
      finished: isFinished(run.status),
      events: events.map(eventView),
    };
  });
}

/**
 * `ops show --follow`: the log as it grows, polling the store (each poll a short session, so the
 * process that runs the run can use the store between them), until the run has finished and every
 * line is out.
 */
export async function* followRun(
  app: App,
  ref: string,
  opts: { pollMs?: number; signal?: AbortSignal } = {},
): AsyncGenerator<EventView> {
  let after = 0;
  for (;;) {
    const page = await runEvents(app, ref, after, 1000);
    for (const e of page.events) yield e;
    after = page.events.at(-1)?.id ?? after;
    if (page.events.length === 1000) continue;
    if (page.finished || opts.signal?.aborted) return;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}

/** How many runs are in each status: what a server's metrics report at each scrape. */
export function runCounts(app: App): Promise<Record<string, number>> {
  return withStore(app, ({ x }) => countRunsByStatus(x.db));
}

/** A finished deploy as the metrics count it: canceled ones (never deployed) are left out. */
export interface DeployStat {
  environment: string;
  outcome: 'success' | 'failed' | 'rolled_back';
  /** From taking its environment's turn to its end (time queued behind others is not in it). */
  seconds: number;
  /** Seconds from a job's creation to each runner problem decided (failover or fail fast). */
  detections: number[];
}

/** Every finished deploy in the store, whichever process ran it: what a server's metrics count. */
export function deployStats(app: App): Promise<DeployStat[]> {
  return withStore(app, async ({ x }) =>
    (await finishedDeploys(x.db)).flatMap((d) =>
      d.outcome === 'canceled' || !d.outcome || !d.started_at || !d.finished_at
        ? []
        : [
            {
              environment: d.environment,
              outcome: d.outcome,
              seconds: (d.finished_at.getTime() - d.started_at.getTime()) / 1000,
              detections: ((d.detections ?? []) as { seconds: number }[]).map((x) => x.seconds),
            },
          ],
    ),
  );
}

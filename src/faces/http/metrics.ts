import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeployStat } from '../../app/ops/index.js';
import { redactionCount } from '../../base/index.js';

/** Deploys are read once a scrape however many of their metrics ask (a scrape takes milliseconds). */
const DEPLOYS_FRESH_MS = 1000;

/** One runner of one environment's pool, up (online) or not, as `runnersUp` gives them. */
export interface RunnerUpSample {
  environment: string;
  pool: string;
  runner: string;
  up: 0 | 1;
}

/**
 * The server's metrics, on a registry of its own (no process-wide state). `countRuns` is read at each
 * scrape: the runs by status, whichever process changed them. `runnersUp` too, from a cache that asks
 * GitHub at most once a minute. `deploys` as well: the finished deploys, whichever process ran them,
 * counted afresh from the store each time, so they survive a restart and count deploys made while no
 * server ran.
 */
export function serverMetrics(
  countRuns?: () => Promise<Record<string, number>>,
  runnersUp?: () => Promise<RunnerUpSample[]>,
  deploys?: () => Promise<DeployStat[]>,
) {
  const registry = new Registry();
  let read: { at: number; rows: Promise<DeployStat[]> } | null = null;
  // The registry collects in registration order: the first deploy metric reads afresh, the others
  // take what it read.
  const deployRows = (fresh = false): Promise<DeployStat[]> => {
    if (!deploys) return Promise.resolve([]);
    if (fresh || !read || Date.now() - read.at > DEPLOYS_FRESH_MS) read = { at: Date.now(), rows: deploys() };
    return read.rows;
  };
  return {
    registry,
    requests: new Histogram({
      name: 'papertrail_http_request_duration_seconds',
      help: 'HTTP request durations by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    sseClients: new Gauge({
      name: 'papertrail_sse_clients',
      help: 'Connected event-stream clients',
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'papertrail_webhook_deliveries_total',
      help: 'GitHub webhook deliveries accepted, by event',
      labelNames: ['event'],
      registers: [registry],
    }),
    rejections: new Counter({
      name: 'papertrail_webhook_rejections_total',
      help: 'GitHub webhook deliveries refused, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    gateTransitions: new Counter({
      name: 'papertrail_gate_transitions_total',
      help: 'Gate decisions seen in the audit trail, by record type; a run gate moved here, as ops.gate.STATUS',
      labelNames: ['type'],
      registers: [registry],
    }),
    runStreamClients: new Gauge({
      name: 'papertrail_run_stream_clients',
      help: 'Connected clients of the runs streams (one run, or the runs list)',
      registers: [registry],
    }),
    approvalWait: new Histogram({
      name: 'papertrail_approval_wait_seconds',
      help: 'How long a run waited for its approval, by outcome (approved, denied)',
      labelNames: ['outcome'],
      buckets: [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400],
      registers: [registry],
    }),
    deployDuration: new Histogram({
      name: 'papertrail_deploy_duration_seconds',
      help: 'How long deploys took, from their turn in the environment to their end, by outcome (success, failed, rolled_back)',
      labelNames: ['environment', 'outcome'],
      buckets: [30, 60, 120, 180, 300, 450, 600, 900, 1200, 1800, 3600],
      registers: [registry],
      async collect() {
        if (!deploys) return;
        this.reset();
        for (const d of await deployRows(true))
          this.observe({ environment: d.environment, outcome: d.outcome }, d.seconds);
      },
    }),
    deploysTotal: new Counter({
      name: 'papertrail_deploys_total',
      help: 'Finished deploys by environment and outcome (success, failed, rolled_back)',
      labelNames: ['environment', 'outcome'],
      registers: [registry],
      async collect() {
        if (!deploys) return;
        this.reset();
        for (const d of await deployRows()) this.inc({ environment: d.environment, outcome: d.outcome });
      },
    }),
    runnerDetect: new Histogram({
      name: 'papertrail_runner_problem_detect_seconds',
      help: "Time from a deploy job's creation to the decision that its runners cannot take it (failover or fail fast)",
      labelNames: ['environment'],
      buckets: [5, 15, 30, 60, 120, 180, 240, 300, 450, 600, 900],
      registers: [registry],
      async collect() {
        if (!deploys) return;
        this.reset();
        for (const d of await deployRows())
          for (const s of d.detections) this.observe({ environment: d.environment }, s);
      },
    }),
    redactions: new Counter({
      name: 'papertrail_redactions_total',
      help: 'Secrets this process replaced by [REDACTED] in what it stored, sent or logged (never which)',
      registers: [registry],
      collect() {
        // Counted where redaction happens (base/redact.ts), for the whole process.
        this.reset();
        this.inc(redactionCount());
      },
    }),
    runs: new Gauge({
      name: 'papertrail_runs',
      help: 'Runs by status',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        if (!countRuns) return;
        this.reset();
        for (const [status, n] of Object.entries(await countRuns())) this.set({ status }, n);
      },
    }),
    runnerUp: new Gauge({
      name: 'papertrail_runner_up',
      help: "Self-hosted runners of each deploy environment's pools: 1 online, 0 offline",
      labelNames: ['environment', 'pool', 'runner'],
      registers: [registry],
      async collect() {
        if (!runnersUp) return;
        const samples = await runnersUp();
        this.reset();
        for (const s of samples)
          this.set({ environment: s.environment, pool: s.pool, runner: s.runner }, s.up);
      },
    }),
  };
}

export type ServerMetrics = ReturnType<typeof serverMetrics>;

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { redactionCount } from '../../base/index.js';

/**
 * The server's metrics, on a registry of its own (no process-wide state). `countRuns` is read at each
 * scrape: the runs by status, whichever process changed them.
 */
export function serverMetrics(countRuns?: () => Promise<Record<string, number>>) {
  const registry = new Registry();
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
  };
}

export type ServerMetrics = ReturnType<typeof serverMetrics>;

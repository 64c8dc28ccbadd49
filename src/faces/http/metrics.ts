import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The server's metrics, on a registry of its own (no process-wide state). */
export function serverMetrics() {
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
      help: 'Gate decisions seen in the audit trail, by record type',
      labelNames: ['type'],
      registers: [registry],
    }),
  };
}

export type ServerMetrics = ReturnType<typeof serverMetrics>;

// The engine's timings and retry policy from papertrail.yaml's `execution` part: one reading of the
// setting for every use case, so a claim, a heartbeat, a failure and an expired lease agree.
import { executionSettings } from '../../base/index.js';
import type { RetryPolicy } from '../../ports/store/index.js';
import type { App } from '../kernel/index.js';

export interface EngineSettings {
  /** The lease a claim gets and a heartbeat renews, unless the caller asks for another. */
  leaseMs: number;
  /** How often a running executor renews its lease: the setting, else a third of the lease. */
  heartbeatMs: number;
  /** `work run`: the wait between claims when nothing is ready. */
  idleMs: number;
  /** `work run`: how often an idle executor re-reads the plan and schedules. */
  rescheduleMs: number;
  retry: RetryPolicy;
}

export function engineSettings(app: App): EngineSettings {
  const e = executionSettings(app.ws.config);
  const leaseMs = e.leaseSeconds * 1000;
  return {
    leaseMs,
    heartbeatMs: heartbeatFor(leaseMs, e.heartbeatSeconds),
    idleMs: e.idleSeconds * 1000,
    rescheduleMs: e.rescheduleSeconds * 1000,
    retry: { ...e.retry },
  };
}

/** The heartbeat interval for a lease: the one set (when shorter than the lease), else a third of it. */
export function heartbeatFor(leaseMs: number, heartbeatSeconds: number | undefined): number {
  const set = heartbeatSeconds === undefined ? undefined : heartbeatSeconds * 1000;
  return set !== undefined && set < leaseMs ? set : Math.max(1, Math.floor(leaseMs / 3));
}

import { type HandoffArtifact, type Metrics, metrics } from '../../domain/execution/index.js';
import { readArtifacts } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';

export interface ExportArgs {
  /** ISO 8601, inclusive; the beginning of time unless given. */
  from?: string;
  /** ISO 8601, exclusive; now unless given. */
  to?: string;
}

/** The flow metrics (lead time, cycle time per step, throughput, WIP, rework rate) from the stored artifacts. */
export async function exportMetrics(app: App, args: ExportArgs = {}): Promise<Metrics> {
  return withStore(app, async (s) => {
    const events = (await readArtifacts(s.x.db, s.planKey)).map((r) => JSON.parse(r.body) as HandoffArtifact);
    return metrics(events, {
      from: args.from ?? '1970-01-01T00:00:00Z',
      to: args.to ?? new Date().toISOString(),
    });
  });
}

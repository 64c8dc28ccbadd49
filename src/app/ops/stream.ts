import { lastRunEventId, runEventsPage } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { type EventView, eventView, type RunView, readRunView } from './view.js';

// What a server's live streams read: one read per change for every follower (the log lines of all
// runs since the last read, a run's state), never one per follower.

export interface RunLogLine {
  run: string;
  event: EventView;
}

/** Log lines with ids in (after, upTo], of every run or of `run` (a whole id), oldest first. */
export async function runLogPage(
  app: App,
  q: { after: number; upTo?: number; run?: string; limit: number },
): Promise<RunLogLine[]> {
  const rows = await withStore(app, ({ x }) => runEventsPage(x.db, q));
  return rows.map((e) => ({ run: e.run_id, event: eventView(e) }));
}

/** Where the runs' log is now: what comes after is news. */
export function runLogHead(app: App): Promise<number> {
  return withStore(app, ({ x }) => lastRunEventId(x.db));
}

/** A run's state without its log: phases, gates, artifacts, approvals. */
export function runState(app: App, ref: string): Promise<RunView> {
  return withStore(app, ({ x }) => readRunView(x.db, ref));
}

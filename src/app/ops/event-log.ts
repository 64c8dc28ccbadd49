import type { Kysely } from 'kysely';
import { redactDeep, redactOutput, secretValues } from '../../base/index.js';
import { appendRunEvents, type Database, type NewRunEvent } from '../../ports/store/index.js';
import { notifyRunChange } from './notify.js';
import type { EventView } from './view.js';

/** Lines held before a write; a burst of output becomes one statement of up to this many lines. */
const BATCH_LINES = 500;
/** The longest a line waits to be written while a step is quiet. */
const BATCH_WAIT_MS = 100;

/**
 * A run's log while it runs: lines are redacted, held briefly and appended in batches (one round trip
 * per batch), and told to `onEvent` and the in-process listeners once stored, with their ids.
 */
export class EventLog {
  private held: NewRunEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  phase: string | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly runId: string,
    private readonly onEvent?: (e: EventView) => void,
  ) {}

  add(e: Omit<NewRunEvent, 'phase'> & { phase?: string | null }): void {
    const secrets = secretValues();
    this.held.push({
      ...e,
      phase: e.phase === undefined ? this.phase : e.phase,
      message: redactOutput(e.message, secrets),
      ...(e.data === undefined ? {} : { data: redactDeep(e.data, secrets, { patterns: true }) }),
    });
    if (this.held.length >= BATCH_LINES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), BATCH_WAIT_MS);
  }

  info(source: string, message: string, data?: unknown): void {
    this.add({ level: 'info', source, message, ...(data === undefined ? {} : { data }) });
  }

  /** Writes what is held; resolves once everything added so far is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.held;
    this.held = [];
    if (!batch.length) return this.writing;
    this.writing = this.writing.then(async () => {
      const ids = await appendRunEvents(this.db, this.runId, batch);
      const now = new Date().toISOString();
      const tell = this.onEvent;
      if (tell)
        for (const [i, e] of batch.entries())
          tell({
            id: ids[i]!,
            ts: now,
            level: e.level,
            source: e.source,
            phase: e.phase ?? null,
            message: e.message,
            data: e.data ?? null,
          });
      if (ids.length) notifyRunChange({ type: 'events', run: this.runId, lastId: ids.at(-1)! });
    });
    return this.writing;
  }
}

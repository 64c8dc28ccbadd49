// What the executor loop reports as it goes. The loop prints nothing: the face renders these (text
// on stderr, or one JSON line each with --json), and the child's output arrives as `output` events.

/** Which attempt an event is about. */
export interface AttemptRef {
  /** The store's attempt id, or the git ledger's. */
  attemptId: number | string;
  workItemId: number;
  issue: number;
  stepKey: string;
  attemptNumber: number;
}

/** Why an attempt was given up without a record: it is someone else's now, or its lease surely ran out. */
export type LostWhy = 'stale-token' | 'lease-lost';

/** Why the loop ended. */
export type StopWhy = 'idle' | 'once' | 'max-attempts' | 'signal';

export type RunEvent =
  | ({ type: 'claimed'; leaseMs: number } & AttemptRef)
  | ({ type: 'started'; pid: number | null } & AttemptRef)
  | ({ type: 'output'; stream: 'stdout' | 'stderr'; line: string } & AttemptRef)
  | ({ type: 'heartbeat' } & AttemptRef)
  | ({ type: 'heartbeat-failed'; code: string; message: string } & AttemptRef)
  | ({ type: 'terminating'; why: 'timeout' | 'stopped' | LostWhy } & AttemptRef)
  | ({ type: 'completed'; exitCode: number; durationMs: number } & AttemptRef)
  | ({
      type: 'failed';
      reason: string;
      exitCode: number | null;
      signal: string | null;
      durationMs: number;
    } & AttemptRef)
  | ({ type: 'lost'; why: LostWhy; message: string } & AttemptRef)
  | { type: 'idle'; waitMs: number }
  | { type: 'scheduled'; queued: number }
  | { type: 'schedule-failed'; code: string; message: string }
  | { type: 'stopped'; why: StopWhy; summary: RunSummary };

/** What one loop did, counted by how each attempt ended. */
export interface RunSummary {
  claimed: number;
  completed: number;
  failed: number;
  /** Attempts given up unrecorded (another executor holds them now). */
  lost: number;
}

export function attemptRef(c: AttemptRef): AttemptRef {
  return {
    attemptId: c.attemptId,
    workItemId: c.workItemId,
    issue: c.issue,
    stepKey: c.stepKey,
    attemptNumber: c.attemptNumber,
  };
}

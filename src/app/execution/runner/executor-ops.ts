// What the executor loop needs from the engine: the four single steps an executor takes. The loop
// is written against this interface so that it runs the same on the store, on another ledger, and
// on the in-memory fake its tests use.

/**
 * An attempt this executor holds: the fencing token must go with every later write about it. Its id
 * is the store's number or the git ledger's text.
 */
export interface HeldAttempt<Id extends number | string = number | string> {
  attemptId: Id;
  token: number;
  workItemId: number;
  /** The requirement issue the work item is for. */
  issue: number;
  stepKey: string;
  attemptNumber: number;
  /** The lease granted, which a heartbeat renews. */
  leaseMs: number;
  /** What the step's command is told: written as JSON to the file PAPERTRAIL_HANDOFF names. */
  handoff: object;
}

/** How the step's command ended. */
export interface RunOutcome {
  /** The command's exit code; null when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended the command, if one did. */
  signal: NodeJS.Signals | null;
  /** The last part of its output (stdout and stderr as they came), bounded, secrets redacted. */
  output: string;
  durationMs: number;
}

export interface ExecutorOps<Id extends number | string = number | string> {
  /** The next ready attempt for `executor`, with a lease of `leaseMs`; null when nothing is ready. */
  claim(executor: string, leaseMs: number): Promise<HeldAttempt<Id> | null>;
  /** Renews the lease; throws a PtError `work/stale-token` when the attempt is no longer ours. */
  heartbeat(c: HeldAttempt<Id>): Promise<void>;
  /**
   * Completes the attempt. Resolves with `{ failed }` when the completion was refused and the attempt
   * failed instead (the integrate step's merge could not be made), saying why.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a completion that went through resolves with nothing.
  complete(c: HeldAttempt<Id>, r: RunOutcome): Promise<void | { failed: string }>;
  /**
   * Completes the attempt as complete does and, in the same transaction, claims the executor's next
   * attempt as claim would right after it: `next` is that attempt, null when nothing is ready, or
   * undefined when nothing was claimed and the loop must claim on its own. Where it is missing, the
   * loop completes and then claims.
   */
  completeAndClaim?(
    c: HeldAttempt<Id>,
    r: RunOutcome,
    executor: string,
    leaseMs: number,
  ): Promise<{ failed: string } | { next: HeldAttempt<Id> | null | undefined }>;
  fail(c: HeldAttempt<Id>, r: RunOutcome & { reason: string }): Promise<void>;
  /**
   * Re-reads the plan and queues what is ready now (a changed plan, a gate passed elsewhere, CI
   * checks that came in), returning how many attempts it queued. Where it is missing, an idle loop
   * only claims again.
   */
  schedule?(): Promise<number>;
}

/** The error code a heartbeat or a finishing write carries when the attempt is someone else's now. */
export const STALE_TOKEN = 'work/stale-token';

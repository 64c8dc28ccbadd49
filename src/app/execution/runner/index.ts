// The executor loop behind `work run`, written against ExecutorOps so the engine's claim, heartbeat,
// complete and fail can be plugged in.
export type { ExecutorOps, HeldAttempt, RunOutcome } from './executor-ops.js';
export { STALE_TOKEN } from './executor-ops.js';
export { LINE_CHARS, TAIL_CHARS } from './output-lines.js';
export { STOPPED_REASON } from './run-attempt.js';
export type { AttemptRef, LostWhy, RunEvent, RunSummary, StopWhy } from './run-events.js';
export { DEFAULT_KILL_GRACE_MS, type RunExecutorOptions, runExecutor } from './run-executor.js';

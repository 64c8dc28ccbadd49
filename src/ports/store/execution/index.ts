// The execution engine's state in the store: work items, attempts claimed under leases and fencing
// tokens, and the audit chain every change appends to in its own transaction (as pending records,
// chained by whichever transaction holds the chain's head).

export { readArtifacts, storeArtifact } from './artifacts.js';
export {
  type AppendRecord,
  type AuditEntryInput,
  appendAudit,
  auditHead,
  countAuditTypes,
  type ExecDb,
  readAudit,
  type StoredAuditRecord,
} from './audit.js';
export {
  type AuditRange,
  type AuditRow,
  type AuditSnapshot,
  inAuditSnapshot,
  type RowVerifier,
  readAuditRange,
  readAuditRangeAt,
  type VerifyAuditOptions,
  verifyStoredAudit,
} from './audit-verify.js';
export { type ClaimOptions, claimAttempt } from './claim.js';
export {
  type CompleteAndClaimOptions,
  type CompletedAndClaimed,
  completeAndClaim,
} from './complete-claim.js';
export { type EnqueueOptions, enqueueAttempt } from './enqueue.js';
export { type Expired, type ExpireOptions, expireLeases } from './expire.js';
export { completeAttempt, type FailOptions, type FinishOptions, failAttempt } from './finish.js';
export { decideGate, type GateDecisionInput, openGates, settleGate } from './gates.js';
export { type HeartbeatOptions, heartbeat } from './heartbeat.js';
export { LIST_STRIDE, type ListState, readListState } from './list-state.js';
export { lockPlan } from './plan-lock.js';
export { dependentsOf, type PlanState, readPlanState } from './plan-state.js';
export { backoffMs, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { endQueued, markRework } from './rework.js';
export { sealAudit } from './seal.js';
export { sealBeforeClose, sealCommitted } from './sealer.js';
export { inTransaction } from './transaction.js';
export { updateWorkItem, type WorkItemPatch } from './work-item-update.js';
export { addWorkItem, type NewWorkItem } from './work-items.js';

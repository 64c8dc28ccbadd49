// The execution engine's use cases: work items from the plan, the schedule, claims under leases and
// fencing tokens, completions that move items on, gate decisions, the audit trail and the metrics.
export { type Advanced, advance, CI_NOT_YET, type Engine, type PanelVerdict } from './advance.js';
export {
  type AuditVerifyOptions,
  auditVerify,
  type RangeOptions,
  type RangeOutcome,
  verifyAudit,
} from './audit-verify.js';
export {
  type ClaimView,
  type CompleteView,
  type FailView,
  type FinishArgs,
  type GateView,
  type HeartbeatView,
  type ReadyAttempt,
  type RetriedView,
  type ScheduleView,
  scheduleReport,
  storeOnly,
  type WorkBackend,
  type WorkRowView,
  workBackend,
} from './backend.js';
export { type ClaimArgs, type Claimed, DEFAULT_LEASE_SECONDS, workClaim } from './claim.js';
export {
  type CompleteArgs,
  type Completed,
  type FailArgs,
  type Failed,
  workComplete,
  workFail,
} from './complete.js';
export { inEngine, panelOf } from './engine.js';
export {
  CHECKPOINT_FILE,
  type ExportArtifactsResult,
  exportArtifacts,
  readCheckpoint,
} from './export-artifacts.js';
export { type ExportArgs, exportMetrics } from './export-metrics.js';
export { decideGateOf, type GateArgs, type GateResult } from './gate-decision.js';
export type { Handoff } from './handoff-info.js';
export { type HeartbeatArgs, workHeartbeat } from './heartbeat.js';
export {
  type LedgerClaimArgs,
  type LedgerClaimed,
  type LedgerFinishArgs,
  type LedgerFinished,
  type LedgerRow,
  type LedgerScheduleResult,
  ledgerAuditVerify,
  ledgerClaim,
  ledgerFinish,
  ledgerList,
  ledgerSchedule,
  ledgerTarget,
  PENDING_AUDIT,
  usesLedger,
} from './ledger.js';
export { type Collected, ledgerCollect } from './ledger-collect.js';
export { ledgerExportArtifacts } from './ledger-export.js';
export { type LedgerGateResult, ledgerDecideGate } from './ledger-gate.js';
export {
  type LedgerHeartbeatArgs,
  type LedgerRetried,
  type LedgerRetryArgs,
  ledgerHeartbeat,
  ledgerRetry,
} from './ledger-lease.js';
export { type PlanIssue, readPlanIssues } from './plan-issues.js';
export { type Retried, type RetryArgs, workRetry } from './retry.js';
// The executor loop itself, which runs on executorOps.
export {
  type ExecutorOps,
  type HeldAttempt,
  type RunEvent,
  type RunExecutorOptions,
  type RunSummary,
  runExecutor,
} from './runner/index.js';
export { ledgerExecutorOps } from './runner-ledger-ops.js';
export { executorOps } from './runner-ops.js';
export { type EngineSettings, engineSettings } from './settings.js';
export { applySync, planSync, type SyncPlan, type SyncReport } from './sync.js';
export {
  applyDeliveries,
  type Delivery,
  deliveryMoves,
  deliveryStatus,
  eventsSince,
  gateRecordsSince,
  recordDeliveries,
} from './webhooks.js';
export { type WorkRow, workList } from './work-list.js';
export { type ScheduleResult, workSchedule } from './work-schedule.js';
export { workflowOf } from './workflow-of.js';

// The store port: runtime state in Postgres, embedded (PGlite) or shared (DATABASE_URL).

export { type HeldLock, tryPostgresLock } from './advisory-lock.js';
export type {
  AccessRole,
  AccessToken,
  Attempt,
  AttemptStatus,
  CheckRunConclusion,
  CheckRunStatus,
  Database,
  DeliveryStatus,
  Deploy,
  DeployOutcome,
  ForgeCheckRun,
  ForgeComment,
  ForgeIssue,
  ForgeIssueUpdate,
  ForgeLabel,
  ForgePr,
  ForgePrUpdate,
  ForgeRepo,
  GateDecision,
  GateReview,
  GateStatus,
  HandoffArtifactRow,
  IssueState,
  NewForgeIssue,
  NewForgeLabel,
  NewForgePr,
  NewForgeRepo,
  Run,
  RunApproval,
  RunArtifact,
  RunArtifactKind,
  RunEnv,
  RunEvent,
  RunEventLevel,
  RunGate,
  RunGateStatus,
  RunRisk,
  RunStatus,
  StateReason,
  Visibility,
  WebhookDelivery,
  WorkItem,
  WorkItemStatus,
} from './database.js';
export { staleToken } from './errors.js';
export * from './execution/index.js';
export { CHANGES_CHANNEL, type HostedStore, hostEmbeddedStore, listenPostgres } from './host.js';
export { checkForgeRecords } from './integrity.js';
export { migrate } from './migrate.js';
export { LATEST_VERSION, MIGRATIONS, type Migration, sqlMigration } from './migrations/index.js';
export { nextNumber } from './numbers.js';
export { type OpenStoreOptions, openStore, type Store } from './open.js';
export * from './ops/index.js';
export { lockRepoWrites } from './repo-lock.js';

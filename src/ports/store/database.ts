import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Row types for every table, mirroring migrations/. bigint columns arrive as JS numbers on both backends
// (see types.ts); timestamps arrive as Date and accept a Date or an ISO string on write.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type Visibility = 'public' | 'private' | 'internal';
export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate';

export interface PapertrailMigrationsTable {
  version: number;
  name: string;
  applied_at: Timestamp;
  checksum: string;
}

export interface ForgeReposTable {
  id: Generated<number>;
  owner: string;
  name: string;
  default_branch: ColumnType<string, string | undefined, string>;
  visibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
  description: string | null;
  created_at: Timestamp;
}

export interface ForgeCountersTable {
  repo_id: number;
  last_number: number;
}

export interface ForgeIssuesTable {
  repo_id: number;
  number: number;
  id: Generated<number>;
  title: string;
  body: ColumnType<string, string | undefined, string>;
  state: ColumnType<IssueState, IssueState | undefined, IssueState>;
  state_reason: StateReason | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface ForgePrsTable {
  repo_id: number;
  number: number;
  id: Generated<number>;
  head: string;
  base: string;
  title: string;
  body: ColumnType<string, string | undefined, string>;
  draft: ColumnType<boolean, boolean | undefined, boolean>;
  state: ColumnType<IssueState, IssueState | undefined, IssueState>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
  merged_at: NullableTimestamp;
}

export interface ForgeLabelsTable {
  id: Generated<number>;
  repo_id: number;
  name: string;
  color: ColumnType<string, string | undefined, string>;
  description: string | null;
}

export interface ForgeIssueLabelsTable {
  repo_id: number;
  issue_number: number;
  label_id: number;
}

export interface ForgeDependenciesTable {
  repo_id: number;
  issue_number: number;
  blocked_by_number: number;
}

export interface ForgeSubIssuesTable {
  repo_id: number;
  child_number: number;
  parent_number: number;
  position: number;
}

export interface ForgeCommentsTable {
  id: Generated<number>;
  repo_id: number;
  issue_number: number;
  body: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CheckRunStatus = 'in_progress' | 'completed';
export type CheckRunConclusion = 'success' | 'failure' | 'timed_out' | 'cancelled';

export interface ForgeChecksTable {
  id: Generated<number>;
  repo_id: number;
  name: string;
  ref: string;
  sha: string | null;
  command: string;
  status: ColumnType<CheckRunStatus, CheckRunStatus | undefined, CheckRunStatus>;
  conclusion: CheckRunConclusion | null;
  exit_code: number | null;
  started_at: Timestamp;
  completed_at: NullableTimestamp;
  output_tail: ColumnType<string, string | undefined, string>;
}

export type WorkItemStatus = 'pending' | 'active' | 'done' | 'cancelled';
export type AttemptStatus = 'queued' | 'running' | 'completed' | 'rejected' | 'failed' | 'rework';
export type GateStatus = 'pending' | 'pass' | 'fail' | 'skipped';
export type GateDecision = 'approve' | 'reject';

export interface WorkItemsTable {
  id: ColumnType<number, never, never>;
  plan_key: string;
  issue_number: number;
  /** `workflow-id@version`. */
  workflow_ref: string;
  status: ColumnType<WorkItemStatus, WorkItemStatus | undefined, WorkItemStatus>;
  current_step_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  title: ColumnType<string, string | undefined, string>;
  /** The requirement key the plan gave the issue (`SPEC-0001/REQ-001`). */
  requirement: string | null;
  /** The branch the work is done on. */
  branch: string | null;
}

export interface WorkItemBlockersTable {
  work_item_id: number;
  blocked_by_issue: number;
}

export interface AttemptsTable {
  id: ColumnType<number, never, never>;
  work_item_id: number;
  step_key: string;
  number: number;
  status: ColumnType<AttemptStatus, AttemptStatus | undefined, AttemptStatus>;
  sort_key: ColumnType<number[], readonly number[], readonly number[]>;
  not_before: Timestamp;
  executor_id: string | null;
  lease_expires_at: NullableTimestamp;
  fencing_token: number | null;
  queued_at: Timestamp;
  started_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  exit_code: number | null;
}

export interface GateReviewsTable {
  id: ColumnType<number, never, never>;
  work_item_id: number;
  attempt_id: number | null;
  gate_key: string;
  status: ColumnType<GateStatus, GateStatus | undefined, GateStatus>;
  decision: GateDecision | null;
  reasons: ColumnType<string[], readonly string[] | undefined, readonly string[]>;
  reviewer: string | null;
  decided_at: NullableTimestamp;
  reentry_step_key: string | null;
  created_at: Timestamp;
}

export interface HandoffArtifactsTable {
  id: ColumnType<number, never, never>;
  work_item_id: number;
  attempt_id: number | null;
  event_type: string;
  /** The artifact's JSON as written (text, so its key order is kept). */
  body: string;
  created_at: Timestamp;
}

export interface AuditRecordsTable {
  seq: number;
  prev: string;
  hash: string;
  /** ISO 8601, the text that was hashed. */
  at: string;
  actor: string;
  type: string;
  /** The record's data as JSON text, in the key order it was hashed in. */
  data: string;
}

export interface AuditHeadTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  seq: number;
  hash: string;
}

export interface AuditPendingTable {
  id: Generated<number>;
  at: string;
  actor: string;
  type: string;
  data: string;
}

type Json = ColumnType<unknown, string, string>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export type RunEnv = 'prod' | 'staging' | 'dev';
export type RunStatus = 'waiting' | 'queued' | 'running' | 'success' | 'error' | 'canceled';
export type RunRisk = 'low' | 'medium' | 'high';
export type RunEventLevel = 'debug' | 'info' | 'warn' | 'error' | 'success';
export type RunGateStatus = 'pending' | 'pass' | 'fail' | 'skipped';
export type RunArtifactKind = 'link' | 'diff' | 'file';

export interface RunTemplatesTable {
  slug: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  source: string;
  template_yaml: string;
  updated_at: Timestamp;
}

export interface RunsTable {
  id: Generated<string>;
  env: RunEnv;
  kind: string;
  template_slug: string;
  intent: string | null;
  input: Json;
  plan: Json;
  risk: RunRisk;
  status: ColumnType<RunStatus, RunStatus | undefined, RunStatus>;
  requested_by: string;
  quorum: ColumnType<number, number | undefined, number>;
  approval_deadline: NullableTimestamp;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  canceled_at: NullableTimestamp;
  error_message: string | null;
}

export interface RunEventsTable {
  id: Generated<number>;
  run_id: string;
  ts: Timestamp;
  level: RunEventLevel;
  source: string;
  phase: string | null;
  message: string;
  data: NullableJson;
}

export interface RunGatesTable {
  id: Generated<number>;
  run_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  name: string;
  status: RunGateStatus;
  url: string | null;
  details: NullableJson;
}

export interface RunArtifactsTable {
  id: Generated<number>;
  run_id: string;
  kind: RunArtifactKind;
  title: string;
  value: string;
  created_at: Timestamp;
}

export interface RunApprovalsTable {
  run_id: string;
  approver: string;
  reason: string;
  input: Json;
  approved_at: Timestamp;
}

export type DeployState = 'queued' | 'active' | 'done';
export type DeployOutcome = 'success' | 'failed' | 'rolled_back' | 'canceled';

export interface DeploysTable {
  id: Generated<number>;
  run_id: string;
  step_id: string;
  environment: string;
  ref: string;
  state: ColumnType<DeployState, DeployState | undefined, DeployState>;
  outcome: DeployOutcome | null;
  enqueued_at: Timestamp;
  started_at: NullableTimestamp;
  heartbeat_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  /** Runner problems seen: [{ seconds, decision }], seconds from the job's creation to the decision. */
  detections: ColumnType<unknown, string | undefined, string>;
}

export type AccessRole = 'viewer' | 'operator' | 'approver';

export interface AccessTokensTable {
  id: Generated<number>;
  name: string;
  role: AccessRole;
  token_sha256: string;
  created_by: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export type DeliveryStatus = 'received' | 'applied' | 'ignored' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  event: string;
  action: string | null;
  received_at: Timestamp;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  detail: ColumnType<string, string | undefined, string>;
}

export interface Database {
  papertrail_migrations: PapertrailMigrationsTable;
  forge_repos: ForgeReposTable;
  forge_counters: ForgeCountersTable;
  forge_issues: ForgeIssuesTable;
  forge_prs: ForgePrsTable;
  forge_labels: ForgeLabelsTable;
  forge_issue_labels: ForgeIssueLabelsTable;
  forge_dependencies: ForgeDependenciesTable;
  forge_sub_issues: ForgeSubIssuesTable;
  forge_comments: ForgeCommentsTable;
  forge_checks: ForgeChecksTable;
  work_items: WorkItemsTable;
  work_item_blockers: WorkItemBlockersTable;
  attempts: AttemptsTable;
  gate_reviews: GateReviewsTable;
  handoff_artifacts: HandoffArtifactsTable;
  audit_records: AuditRecordsTable;
  audit_head: AuditHeadTable;
  audit_pending: AuditPendingTable;
  run_templates: RunTemplatesTable;
  runs: RunsTable;
  run_events: RunEventsTable;
  run_gates: RunGatesTable;
  run_artifacts: RunArtifactsTable;
  run_approvals: RunApprovalsTable;
  deploys: DeploysTable;
  access_tokens: AccessTokensTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type ForgeRepo = Selectable<ForgeReposTable>;
export type NewForgeRepo = Insertable<ForgeReposTable>;
export type ForgeIssue = Selectable<ForgeIssuesTable>;
export type NewForgeIssue = Insertable<ForgeIssuesTable>;
export type ForgeIssueUpdate = Updateable<ForgeIssuesTable>;
export type ForgePr = Selectable<ForgePrsTable>;
export type NewForgePr = Insertable<ForgePrsTable>;
export type ForgePrUpdate = Updateable<ForgePrsTable>;
export type ForgeLabel = Selectable<ForgeLabelsTable>;
export type NewForgeLabel = Insertable<ForgeLabelsTable>;
export type ForgeComment = Selectable<ForgeCommentsTable>;
export type ForgeCheckRun = Selectable<ForgeChecksTable>;
export type WorkItem = Selectable<WorkItemsTable>;
export type Attempt = Selectable<AttemptsTable>;
export type GateReview = Selectable<GateReviewsTable>;
export type HandoffArtifactRow = Selectable<HandoffArtifactsTable>;
export type Run = Selectable<RunsTable>;
export type RunEvent = Selectable<RunEventsTable>;
export type RunGate = Selectable<RunGatesTable>;
export type RunArtifact = Selectable<RunArtifactsTable>;
export type RunApproval = Selectable<RunApprovalsTable>;
export type Deploy = Selectable<DeploysTable>;
export type AccessToken = Selectable<AccessTokensTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;

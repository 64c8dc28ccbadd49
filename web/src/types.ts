// The shapes the API answers with (src/app/ops/view.ts, src/app/execution/work-list.ts).

export type StepState = 'pending' | 'running' | 'success' | 'error' | 'skipped';

export interface RunSummary {
  id: string;
  short: string;
  env: string;
  kind: string;
  template: string;
  intent: string | null;
  status: string;
  risk: string;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface GateView {
  name: string;
  status: string;
  url: string | null;
}

export interface RunView extends RunSummary {
  quorum: number;
  approvalDeadline: string | null;
  errorMessage: string | null;
  phases: {
    name: string;
    state: StepState;
    steps: { id: string; title: string; kind: string; state: StepState }[];
  }[];
  gates: GateView[];
  artifacts: { kind: string; title: string; value: string; createdAt: string }[];
  approvals: { approver: string; reason: string; approvedAt: string }[];
}

export interface EventView {
  id: number;
  ts: string;
  level: string;
  source: string;
  phase: string | null;
  message: string;
}

export interface TemplateSummary {
  slug: string;
  title: string;
  kind: string;
  risk: { level: string };
}

export interface WorkRow {
  issue: number;
  title: string;
  status: string;
  step: string | null;
  stepState: string | null;
  attempt: { id: number; number: number; status: string } | null;
  executor: string | null;
  leaseExpiresAt: string | null;
  gates: { key: string; status: string }[];
  blockedBy: number[];
}

export type AuditResult =
  | { ok: true; length: number; head: string }
  | { ok: false; length: number; break: { problem: string; index: number; seq: number; message: string } };

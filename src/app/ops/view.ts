import type { Kysely } from 'kysely';
import { EXIT, PtError } from '../../base/index.js';
import type { Phase } from '../../domain/ops/index.js';
import {
  type Database,
  getRun,
  type Run,
  type RunEvent,
  type RunParts,
  runParts,
  runsByPrefix,
} from '../../ports/store/index.js';

// Runs as the faces show them: plain JSON (ISO times, no Date, no bigint), the same for the CLI's
// --json, MCP and the HTTP API.

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
  details: unknown;
  updatedAt: string;
}

export interface RunView extends RunSummary {
  input: unknown;
  quorum: number;
  approvalDeadline: string | null;
  startedAt: string | null;
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
  data: unknown;
}

/** What a run's plan holds: the template as it was when the run was asked for, run as approved. */
export interface StoredPlan {
  phases: Phase[];
  checks: string[];
}

export const shortId = (id: string): string => id.slice(0, 8);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function runSummary(r: Run): RunSummary {
  return {
    id: r.id,
    short: shortId(r.id),
    env: r.env,
    kind: r.kind,
    template: r.template_slug,
    intent: r.intent,
    status: r.status,
    risk: r.risk,
    requestedBy: r.requested_by,
    createdAt: r.created_at.toISOString(),
    finishedAt: iso(r.finished_at),
  };
}

export function eventView(e: RunEvent): EventView {
  return {
    id: e.id,
    ts: e.ts.toISOString(),
    level: e.level,
    source: e.source,
    phase: e.phase,
    message: e.message,
    data: e.data ?? null,
  };
}

export function gateView(g: {
  name: string;
  status: string;
  url: string | null;
  details: unknown;
  updated_at: Date;
}): GateView {
  return {
    name: g.name,
    status: g.status,
    url: g.url,
    details: g.details ?? null,
    updatedAt: g.updated_at.toISOString(),
  };
}

/** The run a face names: its whole id, or the start of it (8 characters as shown) when only one run has it. */
export async function resolveRun(db: Kysely<Database>, ref: string): Promise<Run> {
  const exact = await getRun(db, ref);
  if (exact) return exact;
  const found = await runsByPrefix(db, ref);
  if (found.length === 1) return found[0]!;
  throw new PtError(
    found.length ? 'ops/ambiguous-run' : 'ops/unknown-run',
    found.length ? `More than one run starts with "${ref}"` : `There is no run "${ref}"`,
    {
      hint: found.length ? 'Give more of its id.' : 'papertrail ops list shows the runs and their ids.',
      exit: EXIT.conflict,
    },
  );
}

/** A run with its gates, artifacts, approvals, and each step's state from its log. */
export async function runView(db: Kysely<Database>, run: Run): Promise<RunView> {
  const parts = await runParts(db, run.id);
  return viewOf({ gates: [], artifacts: [], approvals: [], marks: [], ...parts, run });
}

/** The view of run `ref` (its id or the start of it): one statement when the id is whole. */
export async function readRunView(db: Kysely<Database>, ref: string): Promise<RunView> {
  const parts = await runParts(db, ref);
  if (parts) return viewOf(parts);
  return runView(db, await resolveRun(db, ref));
}

function viewOf({ run, gates, artifacts, approvals, marks }: RunParts): RunView {
  const states = new Map<string, StepState>();
  for (const m of marks) {
    const d = m as { step?: string; state?: StepState } | null;
    if (d?.step && d.state) states.set(d.step, d.state);
  }
  const plan = run.plan as StoredPlan;
  const phases = plan.phases.map((p) => {
    const steps = p.steps.map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      state: states.get(s.id) ?? 'pending',
    }));
    const all = steps.map((s) => s.state);
    const state: StepState = all.includes('error')
      ? 'error'
      : all.every((s) => s === 'success' || s === 'skipped')
        ? 'success'
        : all.some((s) => s !== 'pending')
          ? 'running'
          : 'pending';
    return { name: p.name, state, steps };
  });
  return {
    ...runSummary(run),
    input: run.input,
    quorum: run.quorum,
    approvalDeadline: iso(run.approval_deadline),
    startedAt: iso(run.started_at),
    errorMessage: run.error_message,
    phases,
    gates: gates.map(gateView),
    artifacts: artifacts.map((a) => ({
      kind: a.kind,
      title: a.title,
      value: a.value,
      createdAt: a.created_at.toISOString(),
    })),
    approvals: approvals.map((a) => ({
      approver: a.approver,
      reason: a.reason,
      approvedAt: a.approved_at.toISOString(),
    })),
  };
}

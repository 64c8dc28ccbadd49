import { EXIT, PtError } from '../../base/index.js';
import type { AuditRecord } from './audit-chain.js';
import type { Workflow } from './model.js';
import type { ScheduleItem, StepState } from './schedule.js';

// The git ledger's files, after the `artifacts/` layout of the CI orchestration pattern:
//   artifacts/schedule/<issue>.json   a work item and the attempts queued for it (the orchestrator's)
//   artifacts/claims/<attempt>.json   who claimed an attempt, when, under which lease (one file: one claim)
//   artifacts/outcomes/<attempt>.json how the attempt ended (one file: it ends once)
//   artifacts/handoff/*.json          handoff artifacts v1.0, named as handoffPath names them
//   artifacts/gates/<issue>-<gate>.json a gate opened by a completed step, and its status
//   artifacts/audit/<seq>.json        the audit trail, one hash-chained record per file
//   artifacts/rework/<attempt>.json   a done attempt a gate rejection sent back (its step is done again)
// Every write adds files under a name nobody else writes, except the schedule (written by the one
// orchestrator of a work item) and the next audit record, which a writer that lost a race recomputes.

export const LEDGER = {
  schedule: 'artifacts/schedule',
  claims: 'artifacts/claims',
  outcomes: 'artifacts/outcomes',
  gates: 'artifacts/gates',
  audit: 'artifacts/audit',
  rework: 'artifacts/rework',
} as const;

export interface LedgerAttempt {
  /** `<issue>-<step>-<number>`: the same for every orchestrator that queues it. */
  attempt: string;
  step: string;
  number: number;
  queuedAt: string;
  /** A retry is not claimed before its backoff has passed. */
  notBefore: string;
}

export interface LedgerItem {
  schemaVersion: '1.0';
  issue: number;
  title: string;
  requirement: string | null;
  branch: string | null;
  /** The issue is still open: a closed one's item is cancelled unless it was done. */
  open: boolean;
  workflow: string;
  blockedBy: number[];
  attempts: LedgerAttempt[];
}

export interface LedgerClaim {
  attempt: string;
  issue: number;
  step: string;
  executor: string;
  claimedAt: string;
  leaseExpiresAt: string;
  /** Given back by claim; complete and fail check it when they are given one. */
  token: number;
}

export interface LedgerOutcome {
  attempt: string;
  issue: number;
  step: string;
  status: 'done' | 'failed';
  at: string;
  actor: string;
  exitCode: number | null;
  summary: string | null;
  reason: string | null;
}

export interface LedgerGate {
  issue: number;
  gate: string;
  step: string;
  attempt: string;
  status: 'pending' | 'pass' | 'fail' | 'skipped';
  openedAt: string;
  /** Set by a decision (`gate approve|reject`, or rework making a pending gate moot). */
  decidedBy?: string;
  decidedAt?: string;
  reasons?: string[];
  reentryStep?: string;
}

/** A done attempt a gate rejection sent back: its step counts as not done, and is queued again. */
export interface LedgerRework {
  attempt: string;
  issue: number;
  step: string;
  gate: string;
  actor: string;
  at: string;
  reason: string;
}

/** What the ledger functions need from a reader of the branch. */
export interface LedgerFiles {
  read(path: string): string | null;
  list(dir: string): string[];
}

export const attemptIdOf = (issue: number, step: string, number: number) => `${issue}-${step}-${number}`;
export const schedulePath = (issue: number) => `${LEDGER.schedule}/${issue}.json`;
export const claimPath = (attempt: string) => `${LEDGER.claims}/${attempt}.json`;
export const outcomePath = (attempt: string) => `${LEDGER.outcomes}/${attempt}.json`;
export const gatePath = (issue: number, gate: string) => `${LEDGER.gates}/${issue}-${gate}.json`;
export const reworkPath = (attempt: string) => `${LEDGER.rework}/${attempt}.json`;
/** Zero-padded so that the names sort in chain order. */
export const auditPath = (seq: number) => `${LEDGER.audit}/${String(seq).padStart(12, '0')}.json`;

/** Files are written the one way, so the same content is the same bytes. */
export const ledgerJson = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

function parse<T>(files: LedgerFiles, path: string): T | null {
  const text = files.read(path);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new PtError('ledger/damaged', `The ledger file ${path} is not JSON`, {
      hint: 'Restore it from the branch history (git log -- that path); the ledger is only ever appended to.',
      location: { file: path },
      exit: EXIT.conflict,
    });
  }
}

/** A ledger file's JSON; null when it is not there, refused (ledger/damaged) when it is no JSON. */
export const readLedgerJson = parse;

export interface LedgerState {
  items: LedgerItem[];
  claims: Map<string, LedgerClaim>;
  outcomes: Map<string, LedgerOutcome>;
  gates: Map<string, LedgerGate>;
  /** The done attempts sent back by a rejection. */
  rework: Set<string>;
}

/** Everything the schedule and the list need, read from the branch. */
export function readLedgerState(files: LedgerFiles): LedgerState {
  const jsonNames = (dir: string) => files.list(dir).filter((n) => n.endsWith('.json'));
  const items = jsonNames(LEDGER.schedule)
    .map((n) => parse<LedgerItem>(files, `${LEDGER.schedule}/${n}`)!)
    .sort((a, b) => a.issue - b.issue);
  const byAttempt = <T extends { attempt: string }>(dir: string) =>
    new Map(
      jsonNames(dir)
        .map((n) => parse<T>(files, `${dir}/${n}`)!)
        .map((v) => [v.attempt, v]),
    );
  const gates = new Map(
    jsonNames(LEDGER.gates)
      .map((n) => parse<LedgerGate>(files, `${LEDGER.gates}/${n}`)!)
      .map((g) => [`${g.issue}-${g.gate}`, g]),
  );
  return {
    items,
    claims: byAttempt<LedgerClaim>(LEDGER.claims),
    outcomes: byAttempt<LedgerOutcome>(LEDGER.outcomes),
    gates,
    rework: new Set(byAttempt<LedgerRework>(LEDGER.rework).keys()),
  };
}

/** The last audit record on the branch (the chain's head), or null for an empty trail. */
export function auditHead(files: LedgerFiles): AuditRecord | null {
  const names = files.list(LEDGER.audit).filter((n) => /^\d{12}\.json$/.test(n));
  const last = names[names.length - 1];
  return last ? parse<AuditRecord>(files, `${LEDGER.audit}/${last}`) : null;
}

/** Every audit record in chain order. */
export function* auditRecords(files: LedgerFiles): Generator<AuditRecord> {
  for (const n of files.list(LEDGER.audit).filter((x) => /^\d{12}\.json$/.test(x)))
    yield parse<AuditRecord>(files, `${LEDGER.audit}/${n}`)!;
}

export type LedgerAttemptStatus = 'queued' | 'running' | 'done' | 'failed';

export function attemptStatus(s: LedgerState, attempt: string): LedgerAttemptStatus {
  const o = s.outcomes.get(attempt);
  if (o) return o.status;
  return s.claims.has(attempt) ? 'running' : 'queued';
}

/** The latest attempt of each step of an item. */
export function latestAttempts(item: LedgerItem): Map<string, LedgerAttempt> {
  const latest = new Map<string, LedgerAttempt>();
  for (const a of item.attempts) {
    const had = latest.get(a.step);
    if (!had || a.number > had.number) latest.set(a.step, a);
  }
  return latest;
}

/**
 * Where each step of an item stands, as the store's engine says it: a queued attempt is pending
 * (launched, waiting for a claim) unless its backoff has not passed; a claimed one running; a done one
 * done, or at its gate until every gate passed, or pending again when a rejection sent it back; a failed one held (its retry is queued by the next
 * schedule once the backoff has passed, while retries are left).
 */
export function ledgerStepStates(
  s: LedgerState,
  item: LedgerItem,
  wf: Workflow,
  now: Date,
  retryAt: (failed: LedgerAttempt, o: LedgerOutcome) => Date | null,
): Record<string, StepState> {
  const steps: Record<string, StepState> = {};
  for (const [step, a] of latestAttempts(item)) {
    const def = wf.steps.find((x) => x.key === step);
    if (!def) continue;
    const status = attemptStatus(s, a.attempt);
    if (status === 'queued') steps[step] = Date.parse(a.notBefore) > now.getTime() ? 'held' : 'pending';
    else if (status === 'running') steps[step] = 'running';
    else if (status === 'done' && s.rework.has(a.attempt)) steps[step] = 'pending';
    else if (status === 'done') {
      const gates = (def.gates ?? []).map((g) => s.gates.get(`${item.issue}-${g.key}`));
      steps[step] = gates.every((g) => g && (g.status === 'pass' || g.status === 'skipped'))
        ? 'done'
        : 'gate';
    } else {
      const at = retryAt(a, s.outcomes.get(a.attempt)!);
      steps[step] = at !== null && at.getTime() <= now.getTime() ? 'pending' : 'held';
    }
  }
  return steps;
}

/** The schedule's input from the ledger: items of closed issues are cancelled unless they are done. */
export function ledgerScheduleItems(
  s: LedgerState,
  wf: Workflow,
  now: Date,
  retryAt: (failed: LedgerAttempt, o: LedgerOutcome) => Date | null,
): ScheduleItem[] {
  const known = new Set(s.items.map((i) => i.issue));
  return s.items.map((item) => {
    const steps = ledgerStepStates(s, item, wf, now, retryAt);
    const done = wf.steps.every((st) => steps[st.key] === 'done' || steps[st.key] === 'skipped');
    return {
      issue: item.issue,
      workflow: wf,
      cancelled: !item.open && !done,
      steps,
      blockedBy: item.blockedBy.filter((b) => known.has(b)),
    };
  });
}

// Leases on the git ledger. A claim's lease is a deadline written in its claim file; nothing runs on
// the remote to enforce it, so the next writer that schedules or claims does: an attempt whose lease
// has passed without an outcome gets one (failed, "lease expired"), and its retry is queued at once
// with its backoff, in the same commit as whatever that writer writes. The outcome file is the one
// an executor's late `work complete|fail` would write, so of the two exactly one lands.
import type { AuditEntry } from './audit-chain.js';
import type { HandoffArtifact } from './handoff.js';
import { handoffPath } from './handoff.js';
import {
  attemptIdOf,
  type LedgerAttempt,
  type LedgerClaim,
  type LedgerFiles,
  type LedgerItem,
  type LedgerOutcome,
  latestAttempts,
  ledgerJson,
  outcomePath,
  readLedgerState,
  schedulePath,
} from './ledger-layout.js';

/** The reason an expired attempt's outcome gives. */
export const LEASE_EXPIRED = 'lease expired';
/** Who expires a lease: no executor, the ledger's own rule. */
export const EXPIRY_ACTOR = 'papertrail';

export interface LedgerExpired {
  attempt: string;
  issue: number;
  step: string;
  executor: string;
  /** The attempt queued to retry it, or null when the step has had its maximum. */
  retry: string | null;
}

export interface LedgerExpiry {
  /** The outcome, the failed-attempt artifact and the work item with its retry, per expired attempt. */
  files: { path: string; content: string }[];
  /** In chain order, for the caller to append after the head it read. */
  entries: AuditEntry[];
  expired: LedgerExpired[];
}

export interface ExpiryRules {
  now: Date;
  /** When a failed attempt's retry may start, or null when its retries are used up. */
  retryAt: (failed: LedgerAttempt, o: LedgerOutcome) => Date | null;
  /** The attempt-failed handoff artifact of an expired attempt. */
  artifact: (item: LedgerItem, claim: LedgerClaim, willRetry: boolean) => HandoffArtifact;
}

/** A lease whose deadline `now` has passed. */
export function leasePassed(claim: LedgerClaim, now: Date): boolean {
  return Date.parse(claim.leaseExpiresAt) < now.getTime();
}

/** Everything that expiring the passed leases on the branch writes; nothing when none has passed. */
export function expireLedgerLeases(files: LedgerFiles, rules: ExpiryRules): LedgerExpiry {
  const s = readLedgerState(files);
  const at = rules.now.toISOString();
  const out: LedgerExpiry = { files: [], entries: [], expired: [] };
  const items = new Map(s.items.map((i) => [i.issue, i]));
  const due = [...s.claims.values()]
    .filter((c) => !s.outcomes.has(c.attempt) && leasePassed(c, rules.now))
    .sort((a, b) => (a.attempt < b.attempt ? -1 : a.attempt > b.attempt ? 1 : 0));
  for (const claim of due) {
    const item = items.get(claim.issue);
    const a = item?.attempts.find((x) => x.attempt === claim.attempt);
    if (!item || !a) continue;
    const outcome: LedgerOutcome = {
      attempt: claim.attempt,
      issue: claim.issue,
      step: claim.step,
      status: 'failed',
      at,
      actor: EXPIRY_ACTOR,
      exitCode: null,
      summary: null,
      reason: LEASE_EXPIRED,
    };
    const notBefore = rules.retryAt(a, outcome);
    // A later attempt of the step already queued (a person's work retry) is the retry.
    const later = (latestAttempts(item).get(a.step)?.number ?? 0) > a.number;
    const number = (latestAttempts(item).get(a.step)?.number ?? a.number) + 1;
    const retry: LedgerAttempt | null =
      notBefore === null || later
        ? null
        : {
            attempt: attemptIdOf(item.issue, a.step, number),
            step: a.step,
            number,
            queuedAt: at,
            notBefore: notBefore.toISOString(),
          };
    const artifact = rules.artifact(item, claim, retry !== null);
    out.files.push(
      { path: outcomePath(claim.attempt), content: ledgerJson(outcome) },
      { path: handoffPath(artifact, true), content: ledgerJson(artifact) },
    );
    out.entries.push({
      at,
      actor: EXPIRY_ACTOR,
      type: 'attempt-expired',
      data: {
        attempt: claim.attempt,
        issue: claim.issue,
        step: claim.step,
        executor: claim.executor,
        leaseExpiresAt: claim.leaseExpiresAt,
        retry: retry?.attempt ?? null,
      },
    });
    if (retry) {
      const next: LedgerItem = { ...item, attempts: [...item.attempts, retry] };
      items.set(item.issue, next);
      out.entries.push({
        at,
        actor: EXPIRY_ACTOR,
        type: 'attempt-queued',
        data: {
          issue: item.issue,
          step: a.step,
          attempt: retry.attempt,
          number,
          retryOf: claim.attempt,
        },
      });
    }
    out.expired.push({
      attempt: claim.attempt,
      issue: claim.issue,
      step: claim.step,
      executor: claim.executor,
      retry: retry?.attempt ?? null,
    });
  }
  for (const e of out.expired) {
    const item = items.get(e.issue)!;
    if (e.retry) out.files.push({ path: schedulePath(item.issue), content: ledgerJson(item) });
  }
  return { ...out, files: dedupe(out.files) };
}

/** The last content written to each path wins (two expired attempts of one item rewrite it twice). */
function dedupe(files: { path: string; content: string }[]): { path: string; content: string }[] {
  const m = new Map<string, string>();
  for (const f of files) m.set(f.path, f.content);
  return [...m].map(([path, content]) => ({ path, content }));
}

/** The branch as it reads once `files` are written over it, for a writer deciding on top of them. */
export function ledgerOverlay<V extends LedgerFiles>(
  v: V,
  files: readonly { path: string; content: string }[],
) {
  const written = new Map(files.map((f) => [f.path, f.content]));
  return {
    read: (path: string) => written.get(path) ?? v.read(path),
    has: (path: string) => written.has(path) || v.read(path) !== null,
    list: (dir: string) => {
      const names = new Set(v.list(dir));
      for (const p of written.keys()) {
        const slash = p.lastIndexOf('/');
        if (p.slice(0, slash) === dir) names.add(p.slice(slash + 1));
      }
      return [...names].sort();
    },
    exists: true,
  };
}

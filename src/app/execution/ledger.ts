// The work verbs on the git ledger (execution.ledger in papertrail.yaml): the same schedule, claims,
// handoff artifacts and audit chain as the store's engine, kept as files on a branch of a git remote,
// so executors that share no database (CI jobs) still claim each attempt exactly once.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { EXIT, PtError, redactErrorText, writeFilesAtomic } from '../../base/index.js';
import {
  type AuditEntry,
  appendRecord,
  attemptCompleted,
  attemptFailed,
  attemptIdOf,
  attemptStarted,
  attemptStatus,
  auditHead,
  auditPath,
  auditRecords,
  type Checkpoint,
  claimPath,
  expireLedgerLeases,
  gatePath,
  type HandoffArtifact,
  type HandoffContext,
  handoffPath,
  LEASE_EXPIRED,
  type LedgerAttempt,
  type LedgerClaim,
  type LedgerFiles,
  type LedgerItem,
  type LedgerOutcome,
  type LedgerState,
  latestAttempts,
  ledgerJson,
  ledgerOverlay,
  ledgerScheduleItems,
  ledgerStepStates,
  outcomePath,
  readLedgerState,
  type Schedule,
  schedule,
  schedulePath,
  type VerifyResult,
  verifyChain,
  type Workflow,
} from '../../domain/execution/index.js';
import {
  GitLedger,
  type LedgerChange,
  type LedgerTarget,
  type LedgerView,
} from '../../ports/ledger/index.js';
import { backoffMs } from '../../ports/store/index.js';
import { loadImplementingSpec } from '../kernel/implementing/index.js';
import { type App, actorOf, branchFor, requirementName, withForge } from '../kernel/index.js';
import type { CiGateOutcome } from './ci-gate.js';
import { workItemName } from './handoff-context.js';
import { type Handoff, nextStepAfter } from './handoff-info.js';
import { readLedgerCiGates, settleLedgerCiGates } from './ledger-ci-gate.js';
import { readPlanIssues } from './plan-issues.js';
import { engineSettings } from './settings.js';
import type { SyncReport } from './sync.js';
import type { WorkRow } from './work-list.js';
import { workflowOf } from './workflow-of.js';

/** Whether papertrail.yaml keeps the executors' record on a git branch rather than in the store. */
export function usesLedger(app: App): boolean {
  return app.ws.config.execution?.ledger !== undefined;
}

/**
 * Where the ledger is: `remote` names a remote of the workspace's repository (its URL is used) or is
 * itself a URL or a path; the temporary clones go under .papertrail/ledger/, which git ignores.
 */
export function ledgerTarget(app: App): LedgerTarget {
  const cfg = app.ws.config.execution?.ledger;
  if (!cfg)
    throw new PtError('work/no-ledger', 'papertrail.yaml sets no execution.ledger', {
      hint: 'Add execution: { ledger: {} } to keep the work record on the papertrail/ledger branch of origin.',
      exit: EXIT.usage,
    });
  const { remote, branch } = cfg;
  let url = remote;
  if (/^[\w.-]+$/.test(remote) && !existsSync(resolve(app.ws.root, remote))) {
    try {
      url = execFileSync('git', ['remote', 'get-url', remote], {
        cwd: app.ws.root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5000,
      }).trim();
    } catch {
      throw new PtError(
        'work/no-ledger-remote',
        `The ledger remote "${remote}" is not a remote of this repository`,
        {
          hint: 'Set execution.ledger.remote to a remote name (git remote -v lists them), a URL or a path.',
          location: { file: 'papertrail.yaml' },
          exit: EXIT.usage,
        },
      );
    }
  } else if (!/^[a-z][\w+.-]*:\/\//i.test(remote) && !/^[\w.-]+@[^:]+:/.test(remote) && !isAbsolute(remote))
    url = resolve(app.ws.root, remote);
  return {
    url,
    branch,
    workRoot: join(app.ws.root, '.papertrail', 'ledger'),
    config: remoteSettings(app.ws.root),
  };
}

/**
 * The repository's own settings for reaching remotes (http.*, credential.*, url.*): on a CI runner the
 * checkout's token is an http extraheader there, which a fresh clone would not have.
 */
export function remoteSettings(root: string): [string, string][] {
  let out: string;
  try {
    out = execFileSync('git', ['config', '--local', '--null', '--get-regexp', '^(http|credential|url)\\.'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
  } catch {
    // Not a repository, or nothing set.
    return [];
  }
  return out
    .split('\0')
    .filter(Boolean)
    .map((e) => {
      const nl = e.indexOf('\n');
      return nl < 0 ? [e, ''] : [e.slice(0, nl), e.slice(nl + 1)];
    });
}

export async function withLedger<T>(app: App, fn: (l: GitLedger) => Promise<T>): Promise<T> {
  const l = await GitLedger.open(ledgerTarget(app));
  try {
    return await fn(l);
  } finally {
    await l.close();
  }
}

/** When a failed attempt's retry may start, or null when its retries are used up. */
export function retryRule(app: App) {
  const policy = engineSettings(app).retry;
  return (failed: LedgerAttempt, o: LedgerOutcome): Date | null =>
    failed.number >= policy.maxAttempts
      ? null
      : new Date(Date.parse(o.at) + backoffMs(policy, failed.number));
}

/** The audit records that chain `entries` on after the branch's head, as files. */
export function auditFiles(files: LedgerFiles, entries: readonly AuditEntry[]): LedgerChange['files'] {
  let head = auditHead(files);
  return entries.map((e) => {
    head = appendRecord(head, e);
    return { path: auditPath(head.seq), content: ledgerJson(head) };
  });
}

export function handoffCtx(
  app: App,
  wf: Workflow,
  item: LedgerItem,
  step: string,
  attempt: string,
  actor: string,
): HandoffContext {
  return {
    workItemId: workItemName(item.issue),
    workflow: { name: wf.name, version: wf.version },
    step: { key: step, order: wf.steps.find((s) => s.key === step)?.order ?? 1 },
    attemptId: attempt,
    timestamp: new Date().toISOString(),
    actor,
    baselineIntegration: 'pre',
    links: [
      `${app.ws.config.repo ?? 'local'}#${item.issue}`,
      ...(item.branch ? [`branch:${item.branch}`] : []),
    ],
  };
}

export const artifactFile = (a: HandoffArtifact) => ({ path: handoffPath(a, true), content: ledgerJson(a) });

// --- schedule ---

export interface LedgerScheduleResult {
  workflow: string;
  sync: SyncReport;
  schedule: Schedule;
  /** The attempt for each launch, in launch order (null in a dry run for one not queued yet). */
  attempts: (string | null)[];
  queued: number;
  /** The CI gates read from the pull requests' checks: decided now, or still pending (a dry run writes none). */
  ciGates: CiGateOutcome[];
  dryRun: boolean;
}

/**
 * The orchestrator's step: the work items follow the plan's issues, and every step the schedule
 * launches now gets a queued attempt (once: a second run queues nothing), written to
 * artifacts/schedule/<issue>.json in one commit.
 */
export async function ledgerSchedule(
  app: App,
  opts: { dryRun?: boolean } = {},
): Promise<LedgerScheduleResult> {
  const dryRun = !!opts.dryRun;
  const wf = workflowOf(app);
  const spec = loadImplementingSpec(app);
  const actor = actorOf(app.ws.root);
  const retryAt = retryRule(app);
  const wfName = `${wf.id}@${wf.version}`;
  return withLedger(app, async (l) => {
    // The forge is read once, before the push: the plan's issues and the checks of the pull requests
    // of the items whose CI gate is open on the tip fetched.
    const { issues, ci } = await withForge(
      app,
      async (f) => ({
        issues: await readPlanIssues(f, spec.spec.id),
        ci: await readLedgerCiGates(f, l, wf),
      }),
      { readOnly: true },
    );
    // The sync and the launches, on the branch as the CI verdicts left it.
    const queue = (ciGates: CiGateOutcome[]) => (v: LedgerView) => {
      const state = readLedgerState(v);
      const now = new Date();
      const at = now.toISOString();
      const before = new Map(state.items.map((i) => [i.issue, i]));
      const sync: SyncReport = { added: [], changed: [], cancelled: [] };
      const items = new Map(before);
      for (const p of issues) {
        const had = before.get(p.issue);
        if (!had && !p.open) continue;
        const title = requirementName(p.title);
        const next: LedgerItem = {
          schemaVersion: '1.0',
          issue: p.issue,
          title,
          requirement: p.requirement,
          branch: branchFor(p.issue, title),
          open: p.open,
          workflow: had?.workflow ?? wfName,
          blockedBy: p.blockedBy,
          attempts: had?.attempts ?? [],
        };
        if (!had) sync.added.push(p.issue);
        else if (had.open && !p.open) sync.cancelled.push(p.issue);
        else if (ledgerJson({ ...had, attempts: [] }) !== ledgerJson({ ...next, attempts: [] }))
          sync.changed.push(p.issue);
        items.set(p.issue, next);
      }
      const synced: LedgerState = { ...state, items: [...items.values()].sort((a, b) => a.issue - b.issue) };
      const sched = schedule(ledgerScheduleItems(synced, wf, now, retryAt));
      const entries: AuditEntry[] = [];
      const attempts = sched.launch.map((launch) => {
        const item = items.get(launch.issue)!;
        const last = latestAttempts(item).get(launch.step);
        if (last && attemptStatus(synced, last.attempt) === 'queued') return last.attempt;
        if (dryRun) return null;
        const number = (last?.number ?? 0) + 1;
        const a: LedgerAttempt = {
          attempt: attemptIdOf(launch.issue, launch.step, number),
          step: launch.step,
          number,
          queuedAt: at,
          notBefore: at,
        };
        items.set(launch.issue, { ...item, attempts: [...item.attempts, a] });
        entries.push({
          at,
          actor,
          type: 'attempt-queued',
          data: { issue: launch.issue, step: launch.step, attempt: a.attempt, number },
        });
        return a.attempt;
      });
      const itemEntries: AuditEntry[] = [
        ...sync.added.map((issue) => ({ at, actor, type: 'work-item-added', data: { issue } })),
        ...sync.changed.map((issue) => ({ at, actor, type: 'work-item-updated', data: { issue } })),
        ...sync.cancelled.map((issue) => ({ at, actor, type: 'work-item-cancelled', data: { issue } })),
      ];
      entries.unshift(...itemEntries);
      const files: LedgerChange['files'] = [];
      for (const item of items.values()) {
        const content = ledgerJson(item);
        if (v.read(schedulePath(item.issue)) !== content)
          files.push({ path: schedulePath(item.issue), content });
      }
      if (files.length) files.push(...auditFiles(v, entries));
      const result: LedgerScheduleResult = {
        workflow: wfName,
        sync,
        schedule: sched,
        attempts,
        queued: entries.filter((e) => e.type === 'attempt-queued').length,
        ciGates,
        dryRun,
      };
      return {
        change: files.length ? { files, message: `schedule: ${result.queued} attempt(s) queued` } : null,
        result,
      };
    };
    // The CI verdicts first, in the same commit: a rejection's rework is queued by this schedule.
    const decide = (tip: LedgerView) => {
      const settled = settleLedgerCiGates(app, wf, retryAt, tip, ci);
      const decided = settled.outcomes.filter((o) => o.status !== 'pending');
      const first = {
        files: settled.files,
        message: decided.map((o) => `ci ${o.status} ${o.issue}-${o.gate}`).join('; '),
      };
      return first.files.length ? onTopOf(tip, first, queue(settled.outcomes)) : queue(settled.outcomes)(tip);
    };
    if (dryRun) return expiring(app, wf, decide)(l).result;
    return (await l.transact(expiring(app, wf, decide))).result;
  });
}

type Decision<T> = { change: LedgerChange | null; result: T };

/**
 * `decide` on the branch as it reads once the leases that passed are expired (see ledger-expiry.ts);
 * what the expiry writes goes into the same commit as what `decide` writes, or alone when `decide`
 * writes nothing. A writer that loses the push decides both again on the new tip.
 */
function expiring<T>(
  app: App,
  wf: Workflow,
  decide: (v: LedgerView) => Decision<T>,
): (v: LedgerView) => Decision<T> {
  const retryAt = retryRule(app);
  return (v) => {
    const ex = expireLedgerLeases(v, {
      now: new Date(),
      retryAt,
      artifact: (item, claim, willRetry) =>
        attemptFailed(
          handoffCtx(app, wf, item, claim.step, claim.attempt, claim.executor),
          LEASE_EXPIRED,
          willRetry,
        ),
    });
    if (!ex.expired.length) return decide(v);
    return onTopOf(
      v,
      {
        files: [...ex.files, ...auditFiles(v, ex.entries)],
        message: `expire ${ex.expired.map((e) => e.attempt).join(', ')}`,
      },
      decide,
    );
  };
}

/**
 * `decide` on the branch as it reads once `first` is written, both in one commit (what `decide`
 * writes last, where both write a file); `first` alone when `decide` writes nothing.
 */
function onTopOf<T>(v: LedgerView, first: LedgerChange, decide: (v: LedgerView) => Decision<T>): Decision<T> {
  const d = decide(ledgerOverlay(v, first.files));
  const files = new Map(first.files.map((f) => [f.path, f.content]));
  for (const f of d.change?.files ?? []) files.set(f.path, f.content);
  return {
    change: {
      files: [...files].map(([path, content]) => ({ path, content })),
      message: d.change ? `${d.change.message}; ${first.message}` : first.message,
    },
    result: d.result,
  };
}

// --- claim ---

export interface LedgerClaimArgs {
  executor: string;
  /** Claim this attempt, or refuse; without it, the first ready one in launch order. */
  attempt?: string;
  leaseSeconds?: number;
}

export interface LedgerClaimed {
  attempt: string;
  token: number;
  leaseExpiresAt: string;
  /** As the store's claim gives it, the attempt's id as text and no store row id. */
  handoff: Omit<Handoff, 'workItem' | 'attempt'> & { attempt: string };
  artifact: HandoffArtifact;
}

function findAttempt(s: LedgerState, attempt: string): { item: LedgerItem; a: LedgerAttempt } | null {
  for (const item of s.items) {
    const a = item.attempts.find((x) => x.attempt === attempt);
    if (a) return { item, a };
  }
  return null;
}

function noAttempt(attempt: string): PtError {
  return new PtError('work/no-attempt', `There is no attempt ${attempt} on the ledger`, {
    hint: 'papertrail work schedule --json lists the ready attempts; claim one of those.',
    exit: EXIT.notFound,
  });
}

/** Ready attempts in launch order: queued, not claimed, backoff passed. */
function readyAttempts(
  s: LedgerState,
  wf: Workflow,
  now: Date,
  retryAt: ReturnType<typeof retryRule>,
): string[] {
  const sched = schedule(ledgerScheduleItems(s, wf, now, retryAt));
  const items = new Map(s.items.map((i) => [i.issue, i]));
  const out: string[] = [];
  for (const l of sched.launch) {
    const a = latestAttempts(items.get(l.issue)!).get(l.step);
    if (a && attemptStatus(s, a.attempt) === 'queued' && Date.parse(a.notBefore) <= now.getTime())
      out.push(a.attempt);
  }
  return out;
}

/**
 * Claims an attempt by pushing its claim file: the push lands only on the tip the claimer read, so of
 * many claimers racing for one attempt exactly one lands; the others read the new tip, find the claim
 * file and are refused (work/already-claimed), or, claiming whatever is next, go on to the next one.
 */
export async function ledgerClaim(app: App, args: LedgerClaimArgs): Promise<LedgerClaimed | null> {
  if (!args.executor.trim())
    throw new PtError('usage/empty-text', '--executor is empty', {
      hint: 'Name the executor.',
      exit: EXIT.usage,
    });
  const wf = workflowOf(app);
  const retryAt = retryRule(app);
  const leaseMs =
    args.leaseSeconds === undefined ? engineSettings(app).leaseMs : Math.round(args.leaseSeconds * 1000);
  return withLedger(app, async (l) => {
    const claimOn = (v: LedgerView): Decision<LedgerClaimed | null> => {
      const s = readLedgerState(v);
      const now = new Date();
      let id = args.attempt;
      if (id === undefined) {
        id = readyAttempts(s, wf, now, retryAt)[0];
        if (id === undefined) return { change: null, result: null };
      }
      const found = findAttempt(s, id);
      if (!found) throw noAttempt(id);
      const claim = s.claims.get(id);
      if (claim)
        throw new PtError('work/already-claimed', `Attempt ${id} is already claimed by ${claim.executor}`, {
          hint: 'Another executor got it first; claim another ready attempt (papertrail work schedule --json).',
          exit: EXIT.conflict,
          details: { attempt: id, executor: claim.executor, claimedAt: claim.claimedAt },
        });
      const states = ledgerStepStates(s, found.item, wf, now, retryAt);
      const latest = latestAttempts(found.item).get(found.a.step);
      if (latest?.attempt !== id || states[found.a.step] !== 'pending')
        throw new PtError('work/not-ready', `Attempt ${id} is not ready to claim`, {
          hint: 'papertrail work schedule --json lists the ready attempts; a later attempt or a backoff may stand in its way.',
          exit: EXIT.conflict,
        });
      const at = now.toISOString();
      const record: LedgerClaim = {
        attempt: id,
        issue: found.item.issue,
        step: found.a.step,
        executor: args.executor,
        claimedAt: at,
        leaseExpiresAt: new Date(now.getTime() + leaseMs).toISOString(),
        token: 1 + Math.floor(Math.random() * 2_000_000_000),
      };
      const artifact = attemptStarted(handoffCtx(app, wf, found.item, found.a.step, id, args.executor));
      const stepDef = wf.steps.find((x) => x.key === found.a.step);
      const result: LedgerClaimed = {
        attempt: id,
        token: record.token,
        leaseExpiresAt: record.leaseExpiresAt,
        handoff: {
          issue: found.item.issue,
          title: found.item.title,
          requirement: found.item.requirement,
          step: found.a.step,
          exitCriteria: stepDef?.exitCriteria ?? [],
          responsibleRole: stepDef?.responsibleRole ?? '',
          branch: found.item.branch,
          workflow: found.item.workflow,
          attempt: id,
          attemptNumber: found.a.number,
        },
        artifact,
      };
      return {
        change: {
          files: [
            { path: claimPath(id), content: ledgerJson(record) },
            artifactFile(artifact),
            ...auditFiles(v, [
              {
                at,
                actor: args.executor,
                type: 'attempt-claimed',
                data: { attempt: id, issue: record.issue, step: record.step },
              },
            ]),
          ],
          message: `claim ${id} for ${args.executor}`,
        },
        result,
      };
    };
    const t = await l.transact(expiring(app, wf, claimOn));
    return t.result;
  });
}

// --- complete and fail ---

export interface LedgerFinishArgs {
  attempt: string;
  token?: number;
  summary?: string;
  reason?: string;
  exitCode?: number | null;
  /** Write the files into this folder instead of pushing them (for `work collect`). */
  out?: string;
}

export interface LedgerFinished {
  attempt: string;
  issue: number;
  step: string;
  status: 'done' | 'failed';
  gates: { key: string; status: string }[];
  /** For a failure: the retry the next schedule queues, or null when the retries are used up. */
  retry: { attempt: string; notBefore: string } | null;
  /** Where the files went: pushed to the ledger, or written under --ledger-out. */
  written: 'ledger' | string;
  artifact: HandoffArtifact;
}

/** The folder under --ledger-out where audit entries wait to be chained by the collector. */
export const PENDING_AUDIT = 'pending-audit';

function finish(
  app: App,
  wf: Workflow,
  v: LedgerFiles,
  args: LedgerFinishArgs,
  status: 'done' | 'failed',
): { files: LedgerChange['files']; entry: AuditEntry; result: LedgerFinished } {
  const s = readLedgerState(v);
  const found = findAttempt(s, args.attempt);
  if (!found) throw noAttempt(args.attempt);
  const claim = s.claims.get(args.attempt);
  if (!claim)
    throw new PtError('work/not-claimed', `Attempt ${args.attempt} was never claimed`, {
      hint: `Claim it first: papertrail work claim --attempt ${args.attempt} --executor NAME`,
      exit: EXIT.conflict,
    });
  if (args.token !== undefined && args.token !== claim.token)
    throw new PtError('work/stale-token', `The token does not match attempt ${args.attempt}'s claim`, {
      hint: 'Use the token work claim gave for this attempt.',
      exit: EXIT.conflict,
    });
  const ended = s.outcomes.get(args.attempt);
  if (ended)
    throw new PtError('work/attempt-ended', `Attempt ${args.attempt} has already ended (${ended.status})`, {
      hint: 'An attempt ends once; papertrail work list shows where its step stands.',
      exit: EXIT.conflict,
    });
  const now = new Date();
  const at = now.toISOString();
  const actor = claim.executor;
  const { item, a } = found;
  const outcome: LedgerOutcome = {
    attempt: args.attempt,
    issue: item.issue,
    step: a.step,
    status,
    at,
    actor,
    exitCode: args.exitCode ?? null,
    // Pushed to a remote that many can read: known secret values and secret shapes are taken out.
    summary: status === 'done' ? redactErrorText(args.summary ?? 'completed') : null,
    reason: status === 'failed' ? redactErrorText(args.reason ?? 'failed') : null,
  };
  const ctx = handoffCtx(app, wf, item, a.step, args.attempt, actor);
  const nextAt = status === 'failed' ? retryRule(app)(a, outcome) : null;
  const artifact =
    status === 'done'
      ? attemptCompleted(ctx, outcome.summary!, nextStepAfter(wf, a.step))
      : attemptFailed(ctx, outcome.reason!, nextAt !== null);
  const files = [{ path: outcomePath(args.attempt), content: ledgerJson(outcome) }, artifactFile(artifact)];
  const gates = status === 'done' ? (wf.steps.find((x) => x.key === a.step)?.gates ?? []) : [];
  for (const g of gates)
    files.push({
      path: gatePath(item.issue, g.key),
      content: ledgerJson({
        issue: item.issue,
        gate: g.key,
        step: a.step,
        attempt: args.attempt,
        status: 'pending',
        openedAt: at,
      }),
    });
  const entry: AuditEntry = {
    at,
    actor,
    type: status === 'done' ? 'attempt-completed' : 'attempt-failed',
    data: {
      attempt: args.attempt,
      issue: item.issue,
      step: a.step,
      exitCode: outcome.exitCode,
      ...(status === 'done' ? { summary: outcome.summary } : { reason: outcome.reason }),
    },
  };
  return {
    files,
    entry,
    result: {
      attempt: args.attempt,
      issue: item.issue,
      step: a.step,
      status,
      gates: gates.map((g) => ({ key: g.key, status: 'pending' })),
      retry: nextAt
        ? { attempt: attemptIdOf(item.issue, a.step, a.number + 1), notBefore: nextAt.toISOString() }
        : null,
      written: args.out ?? 'ledger',
      artifact,
    },
  };
}

/**
 * Ends a claimed attempt as done or failed: its outcome file (one per attempt, so it ends once), its
 * handoff artifact, its gates, and an audit record, pushed in one commit; with `out`, written into
 * that folder instead for one collector to commit (the audit entry waits there to be chained).
 */
export async function ledgerFinish(
  app: App,
  args: LedgerFinishArgs,
  status: 'done' | 'failed',
): Promise<LedgerFinished> {
  const wf = workflowOf(app);
  return withLedger(app, async (l) => {
    if (args.out !== undefined) {
      const { files, entry, result } = finish(app, wf, l, args, status);
      const dir = resolve(app.cwd, args.out);
      writeFilesAtomic([
        ...files.map((f) => ({ path: join(dir, f.path), content: f.content })),
        { path: join(dir, PENDING_AUDIT, `${args.attempt}-${entry.type}.json`), content: ledgerJson(entry) },
      ]);
      return result;
    }
    const t = await l.transact((v) => {
      const { files, entry, result } = finish(app, wf, v, args, status);
      return {
        change: {
          files: [...files, ...auditFiles(v, [entry])],
          message: `${status === 'done' ? 'complete' : 'fail'} ${args.attempt}`,
        },
        result,
      };
    });
    return t.result;
  });
}

// --- list and verify ---

/** A row of work list, as the store's, with the ledger's attempt ids. */
export type LedgerRow = Omit<WorkRow, 'attempt'> & {
  attempt: { id: string; number: number; status: string } | null;
};

/** Every work item on the ledger with where it stands, like work list on the store. */
export async function ledgerList(app: App): Promise<LedgerRow[]> {
  const wf = workflowOf(app);
  const retryAt = retryRule(app);
  return withLedger(app, async (l) => {
    const s = readLedgerState(l);
    const now = new Date();
    const items = ledgerScheduleItems(s, wf, now, retryAt);
    const sorted = [...wf.steps].sort((a, b) => a.order - b.order || (a.key < b.key ? -1 : 1));
    return s.items.map((item, i) => {
      const steps = items[i]!.steps!;
      const step = sorted.find((st) => steps[st.key] !== 'done' && steps[st.key] !== 'skipped')?.key ?? null;
      const done = step === null;
      const status = done
        ? 'done'
        : items[i]!.cancelled
          ? 'cancelled'
          : item.attempts.length
            ? 'active'
            : 'pending';
      const a = step ? latestAttempts(item).get(step) : undefined;
      const as = a ? attemptStatus(s, a.attempt) : null;
      const claim = a && as === 'running' ? s.claims.get(a.attempt)! : null;
      return {
        issue: item.issue,
        title: item.title,
        status,
        step,
        stepState: step
          ? as === 'queued' && steps[step] === 'pending'
            ? 'queued'
            : (steps[step] ?? 'pending')
          : null,
        attempt: a && as ? { id: a.attempt, number: a.number, status: as } : null,
        executor: claim?.executor ?? null,
        leaseExpiresAt: claim?.leaseExpiresAt ?? null,
        gates: step
          ? (wf.steps.find((st) => st.key === step)?.gates ?? []).flatMap((g) => {
              const f = s.gates.get(`${item.issue}-${g.key}`);
              return f ? [{ key: g.key, status: f.status }] : [];
            })
          : [],
        blockedBy: done
          ? []
          : item.blockedBy.filter(
              (b) => s.items.some((x) => x.issue === b) && ledgerDone(items, b) === false,
            ),
      };
    });
  });
}

function ledgerDone(items: ReturnType<typeof ledgerScheduleItems>, issue: number): boolean {
  const it = items.find((i) => i.issue === issue);
  if (!it || it.cancelled) return true;
  return it.workflow.steps.every((st) => it.steps?.[st.key] === 'done' || it.steps?.[st.key] === 'skipped');
}

/** The ledger's audit trail, verified as the store's is: every record chained to the one before. */
export async function ledgerAuditVerify(app: App, checkpoint?: Checkpoint): Promise<VerifyResult> {
  return withLedger(app, async (l) => verifyChain(auditRecords(l), checkpoint));
}

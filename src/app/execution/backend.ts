// The one way the work verbs reach the executors' record, whichever keeps it: the store (PGlite or
// Postgres, through the engine's use cases as they are) or the git ledger (execution.ledger). The
// faces ask workBackend(app) and print what it gives, the same shape from both.
import { EXIT, PtError } from '../../base/index.js';
import type {
  Checkpoint,
  HandoffArtifact,
  Launch,
  Schedule,
  VerifyResult,
} from '../../domain/execution/index.js';
import type { App } from '../kernel/index.js';
import { auditVerify } from './audit-verify.js';
import { workClaim } from './claim.js';
import { workComplete, workFail } from './complete.js';
import { type ExportArtifactsResult, exportArtifacts } from './export-artifacts.js';
import { decideGateOf, type GateArgs, type GateResult } from './gate-decision.js';
import type { Handoff } from './handoff-info.js';
import { workHeartbeat } from './heartbeat.js';
import {
  ledgerAuditVerify,
  ledgerClaim,
  ledgerFinish,
  ledgerList,
  ledgerSchedule,
  usesLedger,
} from './ledger.js';
import { type Collected, ledgerCollect } from './ledger-collect.js';
import { ledgerExportArtifacts } from './ledger-export.js';
import { ledgerDecideGate } from './ledger-gate.js';
import { ledgerHeartbeat, ledgerRetry } from './ledger-lease.js';
import { type RetryArgs, workRetry } from './retry.js';
import type { SyncReport } from './sync.js';
import { type WorkRow, workList } from './work-list.js';
import { workSchedule } from './work-schedule.js';

/** A launch whose attempt is queued and waits for a claim: what an orchestrator fans out. */
export interface ReadyAttempt extends Launch {
  /** The attempt's id as `work claim --attempt` takes it. */
  attempt: string;
  /** The work item: its issue number. */
  item: number;
}

export interface ScheduleView {
  dryRun: boolean;
  workflow: string;
  sync: SyncReport;
  launch: (Launch & { attempt: number | string | null })[];
  /** The launches with a queued attempt, in launch order. */
  ready: ReadyAttempt[];
  running: Schedule['running'];
  waiting: Schedule['waiting'];
  done: number[];
  cancelled: number[];
  queued: number;
  ciGates: {
    issue: number;
    gate: string;
    pr: number | null;
    status: string;
    reasons: string[];
    rework: string[];
  }[];
}

export interface ClaimView {
  attempt: number | string;
  token: number;
  leaseExpiresAt: string;
  handoff: Pick<
    Handoff,
    'issue' | 'title' | 'requirement' | 'step' | 'exitCriteria' | 'branch' | 'attemptNumber'
  >;
  artifact: HandoffArtifact;
}

export interface FinishArgs {
  attempt: string;
  /** The claim's fencing token: the store requires it, the ledger checks it when given. */
  token?: number;
  summary?: string;
  reason?: string;
  exitCode?: number;
  /** The ledger only: write the files into this folder for `work collect` instead of pushing. */
  ledgerOut?: string;
}

export interface CompleteView {
  attempt: number | string;
  issue: number;
  step: string;
  gates: { key: string; status: string }[];
  queued: { attempt: number | string; issue: number; step: string }[];
  finished: number[];
  /** The ledger: queued steps come from the next `work schedule`, not from the completion. */
  scheduleNext: boolean;
  /** Where the ledger's files went: `ledger`, or the --ledger-out folder. */
  written?: string;
}

export interface FailView {
  attempt: number | string;
  issue: number;
  step: string;
  retry: { attempt: number | string; notBefore: string } | null;
  written?: string;
}

export interface HeartbeatView {
  attempt: number | string;
  leaseExpiresAt: string;
}

export interface RetriedView {
  issue: number;
  step: string;
  actor: string;
  reason: string;
  failed: { attempt: number | string; number: number };
  retry: { attempt: number | string; number: number };
}

/** A row of work list: the store's attempt ids are numbers, the ledger's text. */
export type WorkRowView = Omit<WorkRow, 'attempt'> & {
  attempt: { id: number | string; number: number; status: string } | null;
};

/** A gate decision: on the ledger, what it queues comes from the next `work schedule`. */
export type GateView = Omit<GateResult, 'queued'> & {
  queued: { attempt: number | string; step: string }[];
  scheduleNext: boolean;
};

export interface WorkBackend {
  readonly kind: 'store' | 'ledger';
  schedule(opts: { dryRun?: boolean }): Promise<ScheduleView>;
  list(): Promise<WorkRowView[]>;
  claim(args: { executor: string; attempt?: string; leaseSeconds?: number }): Promise<ClaimView | null>;
  complete(args: FinishArgs): Promise<CompleteView>;
  fail(args: FinishArgs & { reason: string }): Promise<FailView>;
  /** Renews a claim's lease under its token (work/stale-token once the attempt is not the token's). */
  heartbeat(args: { attempt: string; token: number; leaseSeconds?: number }): Promise<HeartbeatView>;
  /** A person's new attempt of a step whose retries are used up. */
  retry(args: RetryArgs): Promise<RetriedView>;
  /** The ledger's collector; the store has nothing to collect and refuses. */
  collect(dirs: readonly string[]): Promise<Collected>;
  /** The audit hash chain, from the first record; with a checkpoint, also that the chain reaches it. */
  verifyAudit(checkpoint?: Checkpoint): Promise<VerifyResult>;
  /** `gate approve|reject`: a person's decision, four eyes. */
  decideGate(args: GateArgs): Promise<GateView>;
  /** The handoff artifacts as files and the audit checkpoint beside them. */
  exportArtifacts(opts: { dir?: string }): Promise<ExportArtifactsResult>;
}

function view(
  r: { dryRun: boolean; workflow: string; sync: SyncReport; schedule: Schedule; queued: number },
  attempts: readonly (number | string | null)[],
  ciGates: ScheduleView['ciGates'],
): ScheduleView {
  const launch = r.schedule.launch.map((l, i) => ({ ...l, attempt: attempts[i] ?? null }));
  return {
    dryRun: r.dryRun,
    workflow: r.workflow,
    sync: r.sync,
    launch,
    ready: launch.flatMap((l) =>
      l.attempt === null ? [] : [{ ...l, attempt: String(l.attempt), item: l.issue }],
    ),
    running: r.schedule.running,
    waiting: r.schedule.waiting,
    done: r.schedule.done,
    cancelled: r.schedule.cancelled,
    queued: r.queued,
    ciGates,
  };
}

/** The schedule as the MCP tool and the HTTP API give it: each launch with the attempt queued for it. */
export function scheduleReport(v: ScheduleView) {
  const { ready: _ready, running: _running, cancelled: _cancelled, ...report } = v;
  return report;
}

/** A whole-number attempt id for the store (the ledger's ids are text). */
function storeAttempt(id: string, what = 'attempt id'): number {
  const n = Number(id);
  if (!/^\d+$/.test(id.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new PtError('usage/bad-number', `"${id}" is not a valid ${what}`, {
      hint: `Give the ${what} as a whole number, like 3 (work claim prints it).`,
      exit: EXIT.usage,
    });
  return n;
}

function storeToken(token: number | undefined): number {
  if (token === undefined)
    throw new PtError('usage/missing-token', '--token is required', {
      hint: 'Give the fencing token work claim printed: --token N.',
      exit: EXIT.usage,
    });
  return token;
}

function ledgerOnly(what: string): PtError {
  return new PtError('work/no-ledger', `${what} works on the git ledger only`, {
    hint: 'Set execution.ledger in papertrail.yaml (README "Without a database: the git ledger").',
    location: { file: 'papertrail.yaml' },
    exit: EXIT.usage,
  });
}

/**
 * For the faces' verbs that only the store carries: refused on the git ledger rather than quietly run
 * on the store, whose record the ledger's executors never see.
 */
export function storeOnly(app: App, verb: string): void {
  if (usesLedger(app))
    throw new PtError('work/not-on-ledger', `${verb} does not work on the git ledger yet`, {
      hint: 'papertrail.yaml sets execution.ledger; README "Without a database: the git ledger" lists what it carries.',
      location: { file: 'papertrail.yaml' },
      exit: EXIT.usage,
    });
}

function storeBackend(app: App): WorkBackend {
  return {
    kind: 'store',
    async schedule(opts) {
      const r = await workSchedule(app, opts);
      return view(r, r.attempts, r.ciGates);
    },
    list: () => workList(app),
    async claim(args) {
      return workClaim(app, {
        executor: args.executor,
        ...(args.leaseSeconds ? { leaseSeconds: args.leaseSeconds } : {}),
        ...(args.attempt === undefined ? {} : { attempt: storeAttempt(args.attempt) }),
      });
    },
    async complete(args) {
      if (args.ledgerOut !== undefined) throw ledgerOnly('--ledger-out');
      const r = await workComplete(app, {
        attempt: storeAttempt(args.attempt),
        token: storeToken(args.token),
        ...(args.summary ? { summary: args.summary } : {}),
        ...(args.exitCode !== undefined ? { exitCode: args.exitCode } : {}),
      });
      return { ...r, scheduleNext: false };
    },
    async fail(args) {
      if (args.ledgerOut !== undefined) throw ledgerOnly('--ledger-out');
      return workFail(app, {
        attempt: storeAttempt(args.attempt),
        token: storeToken(args.token),
        reason: args.reason,
        ...(args.exitCode !== undefined ? { exitCode: args.exitCode } : {}),
      });
    },
    heartbeat: (args) =>
      workHeartbeat(app, {
        attempt: storeAttempt(args.attempt),
        token: args.token,
        ...(args.leaseSeconds ? { leaseSeconds: args.leaseSeconds } : {}),
      }),
    retry: (args) => workRetry(app, args),
    collect: async () => {
      throw ledgerOnly('work collect');
    },
    verifyAudit: (checkpoint) => auditVerify(app, checkpoint ? { checkpoint } : {}),
    decideGate: async (args) => ({ ...(await decideGateOf(app, args)), scheduleNext: false }),
    exportArtifacts: (opts) => exportArtifacts(app, opts),
  };
}

function ledgerBackend(app: App): WorkBackend {
  const finishArgs = (a: FinishArgs) => ({
    attempt: a.attempt,
    ...(a.token === undefined ? {} : { token: a.token }),
    ...(a.summary ? { summary: a.summary } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.exitCode === undefined ? {} : { exitCode: a.exitCode }),
    ...(a.ledgerOut === undefined ? {} : { out: a.ledgerOut }),
  });
  return {
    kind: 'ledger',
    async schedule(opts) {
      const r = await ledgerSchedule(app, opts);
      return view(r, r.attempts, r.ciGates);
    },
    list: () => ledgerList(app),
    claim: (args) =>
      ledgerClaim(app, {
        executor: args.executor,
        ...(args.attempt === undefined ? {} : { attempt: args.attempt }),
        ...(args.leaseSeconds ? { leaseSeconds: args.leaseSeconds } : {}),
      }),
    async complete(args) {
      const r = await ledgerFinish(app, finishArgs(args), 'done');
      return {
        attempt: r.attempt,
        issue: r.issue,
        step: r.step,
        gates: r.gates,
        queued: [],
        finished: [],
        scheduleNext: true,
        written: r.written,
      };
    },
    async fail(args) {
      const r = await ledgerFinish(app, finishArgs(args), 'failed');
      return { attempt: r.attempt, issue: r.issue, step: r.step, retry: r.retry, written: r.written };
    },
    heartbeat: (args) => ledgerHeartbeat(app, args),
    retry: (args) => ledgerRetry(app, args),
    collect: (dirs) => ledgerCollect(app, dirs),
    verifyAudit: (checkpoint) => ledgerAuditVerify(app, checkpoint),
    decideGate: (args) => ledgerDecideGate(app, args),
    exportArtifacts: (opts) => ledgerExportArtifacts(app, opts),
  };
}

/** The workspace's record of work: the git ledger when papertrail.yaml sets execution.ledger, else the store. */
export function workBackend(app: App): WorkBackend {
  return usesLedger(app) ? ledgerBackend(app) : storeBackend(app);
}

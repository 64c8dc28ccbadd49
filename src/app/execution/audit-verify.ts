import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  ChainVerifier,
  type Checkpoint,
  GENESIS,
  type VerifiedPrefix,
  type VerifyResult,
} from '../../domain/execution/index.js';
import {
  type AuditRange,
  type AuditSnapshot,
  type ExecDb,
  inAuditSnapshot,
  readAuditRange,
} from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { type RangeOutcome, rangesOf, verifyRange } from './audit-verify-range.js';

export type { RangeOutcome } from './audit-verify-range.js';

export interface AuditVerifyOptions {
  /** One exported earlier, kept outside the store: the chain must also reach it. */
  checkpoint?: Checkpoint;
}

/** How a long chain on Postgres is checked in ranges side by side (tests and benchmarks set these). */
export interface RangeOptions {
  /** The Postgres the store is; without it (PGlite, one connection) the chain is read in one pass. */
  url?: string;
  /** How many ranges; default the CPUs there are, at least 2. */
  ranges?: number;
  /** A chain shorter than this is read in one pass; default 100,000. */
  minRecords?: number;
  /** The worker thread's script; null: the ranges are read in this thread. Default: the built one, when there. */
  worker?: URL | null;
  /** Records per page. */
  batch?: number;
  /** Told what the ranges found, in order (the benchmark reports it). */
  onRanges?: (outcomes: readonly RangeOutcome[]) => void;
}

const MIN_RECORDS = 100_000;

/**
 * Verifies the store's whole audit trail: every record's hash, each record naming the one before it,
 * contiguous sequence numbers, and the chain reaching the head row (a checkpoint: a cut-off tail is
 * found). Names the first record that is not intact. The records are streamed in pages within one
 * snapshot, so memory stays bounded and a change committing meanwhile is not half seen. With
 * `checkpoint` (one exported earlier, kept outside the store), the chain must also reach that one: a
 * tail rewritten and re-hashed since, head row included, is found by it.
 */
export async function auditVerify(app: App, opts: AuditVerifyOptions = {}): Promise<VerifyResult> {
  const url = process.env.DATABASE_URL;
  return withStore(app, (s) => verifyAudit(s.x, { ...opts, ...(url ? { url } : {}) }));
}

/**
 * auditVerify on a store. On Postgres a long chain is first checked in ranges side by side, each in a
 * worker thread on a connection of its own, all in the one snapshot; then it is verified in order from
 * the end of the ranges found intact from the start (nothing more when all are), so the result, and the
 * first bad record it names, are those of a verification from the first record.
 */
export async function verifyAudit(
  x: ExecDb,
  o: AuditVerifyOptions & RangeOptions = {},
): Promise<VerifyResult> {
  return inAuditSnapshot(
    x,
    async (snap) => {
      const prefix = await intactPrefix(x, snap, o);
      const stored = await resume(snap, snap.head, prefix);
      const kept = o.checkpoint ? await resume(snap, o.checkpoint, prefix) : null;
      await snap.read(prefix.length, (r) => {
        if (!stored.addStored(r)) return false;
        kept?.addStored(r);
        return true;
      });
      const r = stored.result();
      return !r.ok || !kept ? r : kept.result();
    },
    { share: !!o.url, ...(o.batch ? { batch: o.batch } : {}) },
  );
}

/** A verifier against `checkpoint` that goes on after `prefix`, as one given those records would. */
async function resume(
  snap: AuditSnapshot,
  checkpoint: Checkpoint,
  prefix: VerifiedPrefix,
): Promise<ChainVerifier> {
  const within = checkpoint.length > 0 && checkpoint.length <= prefix.length;
  return new ChainVerifier(checkpoint, {
    ...prefix,
    atCheckpoint: within ? await snap.hashAt(checkpoint.length) : null,
  });
}

/** The records from the first found intact by ranges checked side by side; none when not worth it. */
async function intactPrefix(x: ExecDb, snap: AuditSnapshot, o: RangeOptions): Promise<VerifiedPrefix> {
  let prefix: VerifiedPrefix = { length: 0, head: GENESIS };
  const shared = snap.shared;
  if (!shared || !o.url || snap.last < (o.minRecords ?? MIN_RECORDS)) return prefix;
  const count = Math.max(2, o.ranges ?? availableParallelism());
  const worker = o.worker === undefined ? builtWorker() : o.worker;
  const outcomes = await Promise.all(
    rangesOf(snap.last, count).map((range) =>
      worker
        ? inWorker(worker, { url: o.url!, shared, range, ...(o.batch ? { batch: o.batch } : {}) })
        : verifyRange(range, (r, feed) => readAuditRange(x.db, shared, r, feed, o.batch)),
    ),
  );
  o.onRanges?.(outcomes);
  for (const out of outcomes) {
    if (!out.intact || !out.head) break;
    prefix = { length: out.range.to, head: out.head };
  }
  return prefix;
}

/** The worker script scripts/build.mjs writes beside the CLI; not there when the sources are run. */
function builtWorker(): URL | null {
  for (const path of ['./audit-verify-worker.js', '../audit-verify-worker.js']) {
    const u = new URL(path, import.meta.url);
    if (existsSync(fileURLToPath(u))) return u;
  }
  return null;
}

function inWorker(
  script: URL,
  task: { url: string; shared: string; range: AuditRange; batch?: number },
): Promise<RangeOutcome> {
  return new Promise((resolve) => {
    // A range whose check failed counts as not intact: it is then verified in order, in this thread,
    // which reports whatever made it fail.
    const failed = () => resolve({ range: task.range, intact: false, head: null });
    const w = new Worker(script, { workerData: task });
    w.once('message', (m: { outcome?: RangeOutcome }) => (m.outcome ? resolve(m.outcome) : failed()));
    w.once('error', failed);
    w.once('exit', failed);
  });
}

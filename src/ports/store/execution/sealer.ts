import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { ExecDb } from './audit.js';
import { SEAL_BATCH, trySeal } from './seal.js';
import { onSharedServer } from './server.js';

// The executors' sealer. On Postgres a claim or a completion leaves its audit record pending (one
// statement, no transaction around it); the process that made it chains it soon after, off the
// change's path: after SEAL_EVERY changes at once, else SEAL_WITHIN_MS after the first change not yet
// sealed. One seal at a time per store; a seal that finds the head taken (another process is sealing,
// or a transaction chaining what it saw) tries again SEAL_WITHIN_MS later, since the holder may have
// started before this process's records committed; a seal that fails is not tried again until the
// next change (a closed store would fail for ever). So a record of a running executor is pending for
// about SEAL_WITHIN_MS plus a seal; one whose process ended first waits for the next seal of any
// process or the next reader, which chains what is pending before reading; closing the store chains
// what its process left pending (sealBeforeClose). Nobody waits on a seal but a closing store; what
// stops chaining is reported to readers, whose seal fails the same way.

/** Changes after which a seal starts at once. */
export const SEAL_EVERY = 64;
/** The longest a change waits for a seal to start, while its process runs. */
export const SEAL_WITHIN_MS = 20;

interface Sealer {
  x: ExecDb;
  /** Changes since the running seal started (or the last one ended). */
  changes: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** The seal under way, if any. */
  running: Promise<void> | null;
  /** The store is closing: no seal starts any more. */
  closing: boolean;
}

const SEALERS = new WeakMap<Kysely<Database>, Sealer>();

/** Notes a change whose records are pending: they are chained soon (see above). */
export function sealSoon(x: ExecDb): void {
  let s = SEALERS.get(x.db);
  if (!s) {
    s = { x, changes: 0, timer: null, running: null, closing: false };
    SEALERS.set(x.db, s);
  }
  s.changes++;
  schedule(s);
}

/**
 * Called with the store (not a transaction) once a caller's transaction that may have left records
 * pending has committed: on a Postgres server they are chained soon, as after a change of its own.
 */
export async function sealCommitted(x: ExecDb): Promise<void> {
  if (!x.db.isTransaction && (await onSharedServer(x.db))) sealSoon(x);
}

/**
 * The store is closing: the seal under way ends first, and what this process left pending is chained
 * at once (if the head is free; otherwise the holder or the next seal chains it), so the records of a
 * short-lived process (a `work claim`) do not wait for another process. Nothing starts afterwards.
 */
export async function sealBeforeClose(db: Kysely<Database>): Promise<void> {
  const s = SEALERS.get(db);
  if (!s || s.closing) return;
  s.closing = true;
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  await s.running;
  if (s.changes > 0) await trySeal(s.x).catch(() => null);
  s.changes = 0;
}

function schedule(s: Sealer): void {
  if (s.running || s.closing || s.changes === 0) return;
  if (s.changes >= SEAL_EVERY) {
    start(s);
    return;
  }
  // Unref'd: a process that has nothing else to do ends; what it left pending is chained by others.
  s.timer ??= setTimeout(() => start(s), SEAL_WITHIN_MS).unref();
}

function start(s: Sealer): void {
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  const counted = s.changes;
  s.changes = 0;
  s.running = trySeal(s.x)
    .then(
      // Taken, or a full batch chained: there is more to seal.
      (chained) => chained === null || chained >= SEAL_BATCH,
      // Not tried again: a store closed or gone would fail for ever. The next change starts a seal.
      () => false,
    )
    .then((again) => {
      s.running = null;
      // The changes counted may still be pending.
      if (again) s.changes += counted;
      schedule(s);
    });
}

import type pg from 'pg';
import { DEADLINES, deadlineMs } from '../../base/index.js';
import { withoutRuntimeProbe } from './pg-probe.js';

export interface HeldLock {
  /** False once the connection holding it is lost: the lock is free for another process then. */
  readonly held: boolean;
  release(): Promise<void>;
}

/**
 * A session advisory lock on Postgres, on a connection of its own: held until released or until this
 * process or its connection dies, whichever comes first, so a crashed holder never keeps it. Null
 * when another session holds it.
 */
export async function tryPostgresLock(url: string, key: string): Promise<HeldLock | null> {
  const { Client } = (await withoutRuntimeProbe(() => import('pg'))).default;
  const c: pg.Client = new Client({
    connectionString: url,
    connectionTimeoutMillis: deadlineMs(DEADLINES.database),
  });
  let held = false;
  c.on('error', () => {
    // The session is gone, and its lock with it: another process may take it now.
    held = false;
    void c.end().catch(() => {});
  });
  await c.connect();
  try {
    const r = await c.query<{ got: boolean }>('select pg_try_advisory_lock(hashtext($1)) as got', [key]);
    held = !!r.rows[0]?.got;
  } catch (e) {
    await c.end().catch(() => {});
    throw e;
  }
  if (!held) {
    await c.end().catch(() => {});
    return null;
  }
  return {
    get held() {
      return held;
    },
    async release() {
      held = false;
      // Ending the session releases its advisory locks.
      await c.end().catch(() => {});
    },
  };
}

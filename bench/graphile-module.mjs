// graphile-worker's side of the claims benchmarks: a fresh database with its schema and empty jobs.
import pg from 'pg';
import { freshPostgres } from './store-module.mjs';

/**
 * A fresh database (name from `prefix`) with `n` empty 'noop' jobs queued, and a pool of ours for
 * graphile-worker to run on. graphile-worker ends a pool it made without waiting for it, after
 * removing its error listeners: its connections, terminated by the database's drop, were reported on
 * a pool with no listener, which ended the process. This pool's listeners stay. drop() ends the pool
 * without waiting (a client graphile-worker did not release, its LISTEN connection at times, would
 * keep it from ending: the drop ends it) and drops the database.
 */
export async function graphileJobs(prefix, n, poolSize) {
  const { makeWorkerUtils } = await import('graphile-worker');
  const db = await freshPostgres(prefix);
  const pool = new pg.Pool({ connectionString: db.url, max: poolSize });
  pool.on('error', () => {});
  pool.on('connect', (c) => c.on('error', () => {}));
  const drop = async () => {
    pool.end().catch(() => {});
    await db.drop();
  };
  try {
    const utils = await makeWorkerUtils({ pgPool: pool });
    await utils.migrate();
    for (let i = 0; i < n; i += 1000)
      await utils.addJobs(
        Array.from({ length: Math.min(1000, n - i) }, () => ({ identifier: 'noop', payload: {} })),
      );
    await utils.release();
  } catch (e) {
    await drop();
    throw e;
  }
  return { pool, url: db.url, name: db.name, drop };
}

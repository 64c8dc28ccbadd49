import { resolve } from 'node:path';
import type pg from 'pg';
import { DEADLINES, deadlineMs, PtError } from '../../base/index.js';
import { migrate } from './migrate.js';
import { type Store, storeOf } from './open.js';
import { withoutRuntimeProbe } from './pg-probe.js';
import type { LockWait } from './pglite.js';
import { markServed, socketDirOf, unmarkServed } from './served.js';
import { SessionLock, type SharedStore, SOCKET_PORT, shareEmbedded } from './share.js';

/** The channel migration 7's trigger notified on every committed change to the audit trail (migration 9 moved it to chained records). */
export const CHANGES_CHANNEL = 'papertrail_changes';

// Unix socket paths are limited to about 108 bytes (sun_path).
const MAX_SOCKET_PATH = 100;

export interface HostedStore {
  /** Where other processes reach it. */
  socketDir: string;
  /**
   * The hosting process's own store: straight into PGlite, in turn with the socket's connections.
   * Closed with the hosted store.
   */
  store: Store;
  close(): Promise<void>;
}

/**
 * Opens the embedded store for good (holding its lock), migrates it and lends it over the workspace's
 * socket until closed; `onChange` hears every committed change to the audit trail, whichever process
 * made it.
 */
export async function hostEmbeddedStore(
  dataDir: string,
  opts: LockWait & { onChange?: () => void } = {},
): Promise<HostedStore> {
  const dir = resolve(dataDir);
  const socketDir = socketDirOf(dir);
  const path = `${socketDir}/.s.PGSQL.${SOCKET_PORT}`;
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH)
    throw new PtError('serve/socket-path', `The store's socket path is too long for a Unix socket: ${path}`, {
      hint: 'Serve a workspace with a shorter path, or set DATABASE_URL so that every process shares one Postgres.',
      exit: 2,
    });
  const { lendPGlite, openPGlite } = await import('./pglite.js');
  const handle = await openPGlite(dir, opts);
  let shared: SharedStore | undefined;
  let store: Store;
  try {
    const version = await migrate(handle.db, handle.where);
    const pg = handle.pglite!;
    const heard = (channel: string) => {
      if (channel === CHANGES_CHANNEL) opts.onChange?.();
    };
    // The one session listens, so a NOTIFY committed by any connection shows in that connection's
    // output: the socket's raw output (scanned by share.ts), or what PGlite parses for this process.
    await pg.exec(`listen ${CHANGES_CHANNEL}`);
    pg.onNotification(heard);
    const session = new SessionLock();
    shared = await shareEmbedded(pg, socketDir, { onNotify: heard, session });
    store = storeOf(
      lendPGlite(pg, handle.where, () => session.acquire()),
      'pglite',
      version,
      true,
    );
    markServed(dir, { pid: process.pid, socketDir });
  } catch (e) {
    await shared?.close();
    await handle.close();
    throw e;
  }
  return {
    socketDir,
    store,
    async close() {
      unmarkServed(dir);
      await store.close();
      await shared?.close();
      await handle.close();
    },
  };
}

/**
 * Hears every committed change to the audit trail of a shared Postgres, from any process (LISTEN on a
 * connection of its own). Reconnects after a drop, telling `onChange` once, since what was missed
 * meanwhile is read again by whoever listens.
 */
export async function listenPostgres(url: string, onChange: () => void): Promise<{ close(): Promise<void> }> {
  // pg is loaded here, not with this module: the store's index carries this file into every command.
  const { Client } = (await withoutRuntimeProbe(() => import('pg'))).default;
  let client: pg.Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    const c = new Client({
      connectionString: url,
      connectionTimeoutMillis: deadlineMs(DEADLINES.database),
    });
    c.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL) onChange();
    });
    c.on('error', () => {
      if (closed) return;
      client = null;
      setTimeout(() => void connect().then(onChange, () => {}), 1000).unref();
    });
    await c.connect();
    await c.query(`listen ${CHANGES_CHANNEL}`);
    client = c;
  };
  await connect();
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}

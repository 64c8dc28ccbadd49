import type { Kysely } from 'kysely';
import { isPtError } from '../../base/index.js';
import { isDamage } from './damage.js';
import type { Database } from './database.js';
import { corrupt, unavailable } from './errors.js';
import { sealBeforeClose } from './execution/index.js';
import { migrate, schemaVersionOf } from './migrate.js';
import { withoutRuntimeProbe } from './pg-probe.js';
import type { EmbeddedHandle, LockWait } from './pglite.js';
import { redact } from './redact-url.js';
import { servedAt, servedUrl } from './served.js';

// Each backend's driver is loaded only when a store of its kind is opened: Node parses a store's driver
// on every command that opens one, and a command on the embedded store never needs pg (nor the other way).
const postgres = () => withoutRuntimeProbe(() => import('./postgres.js'));
const pglite = () => import('./pglite.js');
const snapshot = () => import('./snapshot.js');

export interface OpenStoreOptions extends LockWait {
  /** A Postgres URL; defaults to env DATABASE_URL. When set, dataDir and memory are ignored. */
  url?: string;
  /** The embedded store's data dir (the workspace's `.papertrail/store`). */
  dataDir?: string;
  /** An embedded store that lives only as long as this process (tests). */
  memory?: boolean;
  /**
   * Read what the store holds and never write it (a dry run): the embedded store is read from a
   * copy, Postgres through read-only transactions, and a store that does not exist yet is an empty
   * one in memory, so the dry run creates nothing.
   */
  readOnly?: boolean;
}

export interface Store {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Where it is, for messages: the data dir, 'memory', or the URL without its password. */
  where: string;
  /** The schema version after migrating, the highest migration applied. */
  schemaVersion: number;
  /** Reached through `serve`'s socket: other processes use the embedded store meanwhile. */
  served: boolean;
  close(): Promise<void>;
}

/** Opens the store and migrates it to the latest schema before anyone can query it. */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const url = opts.url ?? process.env.DATABASE_URL;
  const kind = url ? 'postgres' : 'pglite';
  if (!url && !opts.dataDir && !opts.memory) {
    throw new TypeError('openStore needs a url, DATABASE_URL, a dataDir, or memory: true');
  }
  const dataDir = opts.memory ? undefined : opts.dataDir;
  // Our own errors (locked, too new) pass through; anything from the database itself becomes one of ours.
  const where = url ? redact(url) : (dataDir ?? 'memory');
  const wrap = (e: unknown): never => {
    if (isPtError(e)) throw e;
    throw isDamage(e) ? corrupt(where, (e as Error).message, kind, e) : unavailable(kind, where, e);
  };
  // While `serve` owns the embedded store, everyone else reaches it through its socket.
  const served = !url && dataDir ? servedAt(dataDir) : null;
  if (served) return openServed(servedUrl(served), where, !!opts.readOnly, wrap);
  if (opts.readOnly) return openReadOnly(url, dataDir, opts, wrap);
  const handle = url
    ? (await postgres()).openPostgres(url)
    : await pglite()
        .then((m) => m.openPGlite(dataDir, opts))
        .catch(wrap);
  try {
    return storeOf(handle, kind, await migrate(handle.db, handle.where));
  } catch (e) {
    await handle.close().catch(() => {});
    return wrap(e);
  }
}

/** The embedded store as `serve` lends it: already migrated by serve, so only its version is read. */
async function openServed(
  socketUrl: string,
  where: string,
  readOnly: boolean,
  wrap: (e: unknown) => never,
): Promise<Store> {
  const handle = (await postgres()).openPostgres(socketUrl, { readOnly, prepare: false });
  try {
    const version = await schemaVersionOf(handle.db, where);
    return storeOf({ ...handle, where }, 'pglite', version ?? 0, true);
  } catch (e) {
    await handle.close().catch(() => {});
    return wrap(e);
  }
}

async function openReadOnly(
  url: string | undefined,
  dataDir: string | undefined,
  opts: OpenStoreOptions,
  wrap: (e: unknown) => never,
): Promise<Store> {
  let handle: EmbeddedHandle | undefined;
  try {
    if (url) {
      handle = (await postgres()).openPostgres(url, { readOnly: true });
      const version = await schemaVersionOf(handle.db, handle.where);
      if (version !== null) return storeOf(handle, 'postgres', version);
      // A database without Papertrail's tables holds nothing yet: read an empty store instead.
      await handle.close();
      handle = undefined;
    }
    handle =
      dataDir && !opts.memory
        ? await (await snapshot()).openPGliteSnapshot(dataDir, opts)
        : await (await pglite()).openPGlite(undefined);
    // Only the copy or the memory store is migrated, never the store itself.
    return storeOf(handle, 'pglite', await migrate(handle.db, handle.where));
  } catch (e) {
    await handle?.close().catch(() => {});
    return wrap(e);
  }
}

/** A store over an open handle; closing it chains what this process left pending, then closes the handle. */
export function storeOf(
  handle: Pick<EmbeddedHandle, 'db' | 'where' | 'close'>,
  kind: Store['kind'],
  schemaVersion: number,
  served = false,
): Store {
  let closed: Promise<void> | undefined;
  return {
    db: handle.db,
    kind,
    where: handle.where,
    schemaVersion,
    served,
    close: () => (closed ??= sealBeforeClose(handle.db).then(() => handle.close())),
  };
}

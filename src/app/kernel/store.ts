import { join } from 'node:path';
import { PtError } from '../../base/index.js';
import { appendRecord } from '../../domain/execution/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import type { ExecDb, Store } from '../../ports/store/index.js';
import type { App } from './context.js';
import { openForge, storeWaitMs } from './forge.js';
import { lentStore } from './lent-store.js';

/** The workspace's execution state: the store, the plan it belongs to, and the forge when asked for. */
export interface WorkStore {
  x: ExecDb;
  /** The repository the plan was made in (`owner/name`): the key of its work items. */
  planKey: string;
  /** Only when opened with `forge: true`. */
  forge: ForgePort | null;
  /** Whether statements may run on several connections at once (Postgres; not a lent store). */
  concurrent?: boolean;
}

function planKeyOf(app: App): string {
  const repo = app.ws.config.repo;
  if (!repo)
    throw new PtError('config/no-repo', 'papertrail.yaml does not say which repository this is', {
      hint: 'Set "repo: ORG/NAME" in papertrail.yaml (bootstrap writes it).',
      location: { file: 'papertrail.yaml' },
      exit: 2,
    });
  return repo;
}

/**
 * Runs `fn` with the workspace's store (embedded under .papertrail/store, or DATABASE_URL), closed
 * after whatever happens. On the local forge the forge lives in that same store, so with `forge` both
 * share one connection (the embedded store admits one process); on GitHub the forge is REST beside it.
 * Inside a run (see lendStore), the run's open store and forge are used and left open.
 */
export async function withStore<T>(
  app: App,
  fn: (s: WorkStore) => Promise<T>,
  opts: { readOnly?: boolean; forge?: boolean } = {},
): Promise<T> {
  const planKey = planKeyOf(app);
  const lent = lentStore(app.ws.root);
  if (lent && (lent.forge || !opts.forge))
    return fn({ x: lent.x, planKey, forge: opts.forge ? lent.forge : null });
  const readOnly = !!opts.readOnly;
  const { checkForgeRecords, openStore } = await import('../../ports/store/index.js');
  const remote = opts.forge && app.ws.config.forge === 'github' ? await openForge(app, { readOnly }) : null;
  try {
    const store =
      (!readOnly && kept) ||
      (await openStore({
        dataDir: join(app.ws.root, '.papertrail', 'store'),
        waitMs: storeWaitMs(),
        readOnly,
        onWait: (owner) => app.onNote?.({ type: 'store-wait', pid: owner?.pid }),
      }));
    try {
      let forge: ForgePort | null = remote?.forge ?? null;
      if (opts.forge && !remote) {
        await checkForgeRecords(store.db, store.where, store.kind);
        const { LocalForge, snapshotFileOf } = await import('../../ports/forge/index.js');
        // Its writes drop the snapshot `next` answers from; a dry run reads a copy and writes nothing.
        const embedded = store.kind === 'pglite' && !readOnly;
        forge = await LocalForge.open(store.db, planKey, 'main', {
          readOnly,
          snapshot: embedded ? snapshotFileOf(join(app.ws.root, '.papertrail', 'store')) : null,
        });
      }
      return await fn({
        x: { db: store.db, appendRecord },
        planKey,
        forge,
        concurrent: store.kind === 'postgres',
      });
    } finally {
      if (store !== kept) await store.close();
    }
  } finally {
    await remote?.close();
  }
}

/** The workspace's store for what is not the plan's (access tokens, webhook deliveries): no repo needed. */
export async function withDb<T>(
  app: App,
  fn: (db: ExecDb['db']) => Promise<T>,
  opts: { readOnly?: boolean } = {},
): Promise<T> {
  const lent = lentStore(app.ws.root);
  if (lent) return fn(lent.x.db);
  const { openStore } = await import('../../ports/store/index.js');
  const store =
    (!opts.readOnly && kept) ||
    (await openStore({
      dataDir: join(app.ws.root, '.papertrail', 'store'),
      waitMs: storeWaitMs(),
      readOnly: !!opts.readOnly,
      onWait: (owner) => app.onNote?.({ type: 'store-wait', pid: owner?.pid }),
    }));
  try {
    return await fn(store.db);
  } finally {
    if (store !== kept) await store.close();
  }
}

/** The store a serving process keeps open for all its use cases (see watchStore). */
let kept: Store | null = null;

/** A serve process's hold on the store: changes by any process are heard until it is closed. */
export interface StoreWatch {
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/**
 * For `serve`: on the embedded store, owns it and lends it to every other process over the workspace's
 * socket, while this one's use cases query it directly, in turn with them; on Postgres, listens for
 * changes. `onChange` hears every committed change to the audit trail, whichever process made it.
 */
export async function watchStore(app: App, onChange: () => void): Promise<StoreWatch> {
  const { hostEmbeddedStore, listenPostgres } = await import('../../ports/store/index.js');
  const { openStore } = await import('../../ports/store/index.js');
  const url = process.env.DATABASE_URL;
  const dataDir = join(app.ws.root, '.papertrail', 'store');
  // Opened (and migrated) first on Postgres, so the trigger the listener relies on exists.
  const h = url ? null : await hostEmbeddedStore(dataDir, { waitMs: storeWaitMs(), onChange });
  try {
    const store = h?.store ?? (await openStore({ dataDir }));
    const l = url ? await listenPostgres(url, onChange) : null;
    // Kept open while serving: every use case of this process shares its connections.
    kept = store;
    return {
      kind: url ? 'postgres' : 'pglite',
      async close() {
        kept = null;
        await l?.close();
        if (!h) await store.close();
        await h?.close();
      },
    };
  } catch (e) {
    await h?.close();
    throw e;
  }
}

import { join } from 'node:path';
import { PtError } from '../../base/index.js';
import { appendRecord } from '../../domain/execution/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import type { ExecDb } from '../../ports/store/index.js';
import type { App } from './context.js';
import { openForge, storeWaitMs } from './forge.js';

/** The workspace's execution state: the store, the plan it belongs to, and the forge when asked for. */
export interface WorkStore {
  x: ExecDb;
  /** The repository the plan was made in (`owner/name`): the key of its work items. */
  planKey: string;
  /** Only when opened with `forge: true`. */
  forge: ForgePort | null;
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
 */
export async function withStore<T>(
  app: App,
  fn: (s: WorkStore) => Promise<T>,
  opts: { readOnly?: boolean; forge?: boolean } = {},
): Promise<T> {
  const planKey = planKeyOf(app);
  const readOnly = !!opts.readOnly;
  const { checkForgeRecords, openStore } = await import('../../ports/store/index.js');
  const remote = opts.forge && app.ws.config.forge === 'github' ? await openForge(app, { readOnly }) : null;
  try {
    const store = await openStore({
      dataDir: join(app.ws.root, '.papertrail', 'store'),
      waitMs: storeWaitMs(),
      readOnly,
      onWait: (owner) => app.onNote?.({ type: 'store-wait', pid: owner?.pid }),
    });
    try {
      let forge: ForgePort | null = remote?.forge ?? null;
      if (opts.forge && !remote) {
        await checkForgeRecords(store.db, store.where, store.kind);
        const { LocalForge } = await import('../../ports/forge/index.js');
        forge = await LocalForge.open(store.db, planKey, 'main', { readOnly });
      }
      return await fn({ x: { db: store.db, appendRecord }, planKey, forge });
    } finally {
      await store.close();
    }
  } finally {
    await remote?.close();
  }
}

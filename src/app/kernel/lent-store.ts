import { AsyncLocalStorage } from 'node:async_hooks';
import type { ForgePort } from '../../ports/forge/index.js';
import type { ExecDb } from '../../ports/store/index.js';

/** A workspace's store (and forge) that is already open, lent to what runs inside its owner. */
export interface LentStore {
  root: string;
  x: ExecDb;
  forge: ForgePort | null;
}

const lent = new AsyncLocalStorage<LentStore>();

/**
 * Runs `fn` with the store and forge its caller holds lent to it: inside, opening the same
 * workspace's store or forge (withStore, withDb, withForge) uses these instead of opening another.
 * A run holds the embedded store while it runs, and a verb it calls would otherwise wait for the
 * run to let go of it, which it never does while the verb runs.
 */
export function lendStore<T>(s: LentStore, fn: () => Promise<T>): Promise<T> {
  return lent.run(s, fn);
}

/** The store lent to this call for the workspace at `root`, if any. */
export function lentStore(root: string): LentStore | undefined {
  const s = lent.getStore();
  return s && s.root === root ? s : undefined;
}

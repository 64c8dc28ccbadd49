import { afterEach } from 'vitest';
import { appendRecord, verifyChain } from '../../../src/domain/execution/index.js';
import {
  auditHead,
  type ExecDb,
  openStore,
  readAudit,
  type Store,
  type StoredAuditRecord,
} from '../../../src/ports/store/index.js';
import { dropTestDatabases } from '../../helpers/postgres.js';
import type { Backend, Target } from './backends.js';

/** The execution tables of a store, with the domain's record maker (the app passes it the same way). */
export const execOf = (s: Store): ExecDb => ({ db: s.db, appendRecord });

export async function allAudit(s: Store): Promise<StoredAuditRecord[]> {
  const out: StoredAuditRecord[] = [];
  for (;;) {
    const page = await readAudit(execOf(s), out.at(-1)?.seq ?? 0, 500);
    if (!page.length) return out;
    out.push(...page);
  }
}

/** The stored chain verified by the domain, against the head row as its checkpoint. */
export async function verifyStored(s: Store) {
  return verifyChain(await allAudit(s), await auditHead(execOf(s)));
}

/**
 * Fresh migrated stores of one backend for the tests of a describe block, each opened with its
 * execution tables; whatever a test opened is closed and removed after it.
 */
export function freshStores({ name, fresh }: Pick<Backend, 'name' | 'fresh'>) {
  let target: Target | undefined;
  const open: Store[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await target?.cleanup();
    target = undefined;
    if (name === 'postgres') await dropTestDatabases();
  });
  return async (): Promise<{ s: Store; x: ExecDb }> => {
    target = await fresh({ migrated: true });
    const s = await openStore(target.opts);
    open.push(s);
    return { s, x: execOf(s) };
  };
}

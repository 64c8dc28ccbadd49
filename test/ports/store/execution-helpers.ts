import { appendRecord, verifyChain } from '../../../src/domain/execution/index.js';
import {
  auditHead,
  type ExecDb,
  readAudit,
  type Store,
  type StoredAuditRecord,
} from '../../../src/ports/store/index.js';

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

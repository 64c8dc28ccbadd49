import {
  type AuditRecord,
  type Checkpoint,
  type VerifyResult,
  verifyChain,
} from '../../domain/execution/index.js';
import { auditHead, readAudit } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';

// Read in pages, so no one query holds the whole trail.
const PAGE = 10_000;

/**
 * Verifies the store's whole audit trail: every record's hash, each record naming the one before it,
 * contiguous sequence numbers, and the chain reaching the head row (a checkpoint: a cut-off tail is
 * found). Names the first record that is not intact. With `checkpoint` (one exported earlier, kept
 * outside the store), the chain must also reach that one: a tail rewritten and re-hashed since, head
 * row included, is found by it.
 */
export async function auditVerify(app: App, opts: { checkpoint?: Checkpoint } = {}): Promise<VerifyResult> {
  return withStore(app, async (s) => {
    const records: AuditRecord[] = [];
    let after = 0;
    for (;;) {
      const page = await readAudit(s.x.db, after, PAGE);
      for (const r of page) records.push(r);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.seq;
    }
    const stored = verifyChain(records, await auditHead(s.x.db));
    if (!stored.ok || !opts.checkpoint) return stored;
    return verifyChain(records, opts.checkpoint);
  });
}

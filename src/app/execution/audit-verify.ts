import { ChainVerifier, type Checkpoint, type VerifyResult } from '../../domain/execution/index.js';
import { type AuditRow, verifyStoredAudit } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';

/**
 * Verifies the store's whole audit trail: every record's hash, each record naming the one before it,
 * contiguous sequence numbers, and the chain reaching the head row (a checkpoint: a cut-off tail is
 * found). Names the first record that is not intact. The records are streamed in pages within one
 * snapshot, so memory stays bounded and a change committing meanwhile is not half seen. With
 * `checkpoint` (one exported earlier, kept outside the store), the chain must also reach that one: a
 * tail rewritten and re-hashed since, head row included, is found by it.
 */
export async function auditVerify(app: App, opts: { checkpoint?: Checkpoint } = {}): Promise<VerifyResult> {
  return withStore(app, (s) =>
    verifyStoredAudit(s.x, {
      verifier: (head) => {
        const stored = new ChainVerifier(head);
        const kept = opts.checkpoint ? new ChainVerifier(opts.checkpoint) : null;
        return {
          addStored(r: AuditRow) {
            if (!stored.addStored(r)) return false;
            kept?.addStored(r);
            return true;
          },
          result() {
            const r = stored.result();
            return !r.ok || !kept ? r : kept.result();
          },
        };
      },
    }),
  );
}

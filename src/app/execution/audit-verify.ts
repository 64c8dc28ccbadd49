import { ChainVerifier, type VerifyResult } from '../../domain/execution/index.js';
import { verifyStoredAudit } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';

/**
 * Verifies the store's whole audit trail: every record's hash, each record naming the one before it,
 * contiguous sequence numbers, and the chain reaching the head row (a checkpoint: a cut-off tail is
 * found). Names the first record that is not intact. The records are streamed in pages within one
 * snapshot, so memory stays bounded and a change committing meanwhile is not half seen.
 */
export async function auditVerify(app: App): Promise<VerifyResult> {
  return withStore(app, (s) => verifyStoredAudit(s.x, { verifier: (head) => new ChainVerifier(head) }));
}

// `work export-artifacts` on the git ledger: the same files the store's export writes (the handoff
// artifacts under <dir>/handoff/ and the audit checkpoint beside them), read from the ledger branch, so
// that `audit verify --checkpoint` and the tools reading the handoff layout see one shape either way.
import { auditHead, GENESIS, type HandoffArtifact, readLedgerJson } from '../../domain/execution/index.js';
import type { App } from '../kernel/index.js';
import { type ExportArtifactsResult, writeExport } from './export-artifacts.js';
import { withLedger } from './ledger.js';

const HANDOFF = 'artifacts/handoff';

/** The ledger's handoff artifacts in the order they were written (by time, then by file name). */
export async function ledgerExportArtifacts(
  app: App,
  opts: { dir?: string } = {},
): Promise<ExportArtifactsResult> {
  const dir = opts.dir ?? 'artifacts';
  const { rows, checkpoint } = await withLedger(app, async (l) => {
    const read = l
      .list(HANDOFF)
      .filter((n) => n.endsWith('.json'))
      .map((n) => ({ name: n, body: readLedgerJson<HandoffArtifact>(l, `${HANDOFF}/${n}`)! }))
      .sort(
        (a, b) =>
          Date.parse(a.body.timestamp) - Date.parse(b.body.timestamp) ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    const head = auditHead(l);
    return {
      rows: read.map((r, i) => ({ id: i + 1, body: r.body })),
      checkpoint: head ? { length: head.seq, head: head.hash } : { length: 0, head: GENESIS },
    };
  });
  return writeExport(app, dir, rows, checkpoint);
}

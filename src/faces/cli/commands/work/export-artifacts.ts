import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';

/** `work export-artifacts`: the handoff artifacts (store or ledger) as files, with the audit checkpoint. */
export async function workExportArtifactsCommand(flags: { json?: boolean; dir?: string }): Promise<number> {
  const app = await openApp();
  const { workBackend, CHECKPOINT_FILE } = await lazy.execution();
  const r = await workBackend(app).exportArtifacts(flags.dir === undefined ? {} : { dir: flags.dir });
  if (flags.json) {
    printJson({ ok: true, ...r });
    return 0;
  }
  print(
    `Exported ${r.files.length} handoff artifact(s) to ${r.dir}/handoff (${r.written} file(s) written, the rest unchanged).`,
  );
  print(
    `Audit checkpoint: ${r.dir}/${CHECKPOINT_FILE} (${r.checkpoint.length} record(s), head ${r.checkpoint.head}).`,
  );
  print(`Later: papertrail audit verify --checkpoint ${r.dir}/${CHECKPOINT_FILE}`);
  return 0;
}

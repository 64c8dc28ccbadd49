import { PtError } from '../../../base/index.js';
import { canInterview, print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerStatus({ program, run }: Cli): void {
  common(
    program
      .command('status')
      .argument('[id]', 'document ID (asked on a terminal when missing)')
      .argument('[status]', 'new status (asked on a terminal when missing)')
      .description('move a document along its lifecycle (legal transitions only)'),
    { from: true, interactive: true },
  )
    .option('--by <id>', 'successor, when superseding')
    .action((id, to, o) => run(statusCommand(id, to, o)));
}

export async function statusCommand(
  idArg: string | undefined,
  toArg: string | undefined,
  flags: {
    by?: string;
    json?: boolean;
    dryRun?: boolean;
    from?: string;
    interactive?: boolean;
    yes?: boolean;
  },
): Promise<number> {
  const app = await openApp();
  const { changeStatus, StatusRequestSchema, TRANSITIONS } = await lazy.status();
  let id = idArg;
  let to = toArg;
  let by = flags.by;
  if (flags.from) {
    // A request file: {id, status, by}, for scripts and assistants like every other verb.
    const { readInputFile } = await lazy.inputFile();
    const req = readInputFile(flags.from, StatusRequestSchema, 'status request');
    ({ id, status: to, by } = { ...req, by: req.by ?? by });
  }
  if ((!id || !to) && canInterview(flags)) {
    const { clackAsker } = await lazy.asker();
    const { loadAll } = await lazy.context();
    const a = await clackAsker();
    const docs = loadAll(app).docs.filter((d) => (TRANSITIONS[d.kind][d.status ?? ''] ?? []).length > 0);
    if (!docs.length)
      throw new PtError('doc/not-found', 'No document can change status', {
        hint: 'Write one with "papertrail propose".',
        exit: 3,
      });
    id ??= await a.select({
      message: 'Which document?',
      options: docs.map((d) => ({ value: d.id, label: `${d.id}: ${d.title ?? ''}`, hint: d.status ?? '' })),
    });
    const doc = docs.find((d) => d.id === id);
    const next = doc ? (TRANSITIONS[doc.kind][doc.status ?? ''] ?? []) : [];
    to ??= await a.select({
      message: `${id} is ${doc?.status ?? '?'}; move it to`,
      options: next.map((n) => ({ value: n, label: n })),
    });
    if (to === 'superseded' && !by) by = await a.text({ message: 'Superseded by which document?' });
  }
  if (!id || !to) {
    throw new PtError('usage/missing-argument', 'status needs a document ID and a new status', {
      hint: 'papertrail status PROP-0001 approved (or --from FILE)',
      exit: 2,
    });
  }
  const r = changeStatus(app, id, to, { dryRun: flags.dryRun, by });
  if (flags.json) printJson({ ok: true, id: r.id, file: r.file, from: r.from, to: r.to, dryRun: r.dryRun });
  else print(`${r.id}: ${r.from} → ${r.to}${r.dryRun ? ' (dry run, nothing written)' : ''} (${r.file})`);
  return 0;
}

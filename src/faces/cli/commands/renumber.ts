import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerRenumber({ program, run }: Cli): void {
  common(
    program
      .command('renumber')
      .description('fix duplicate document numbers and write missing requirement IDs'),
  ).action((o) => run(renumberCommand(o)));
}

export async function renumberCommand(flags: { json?: boolean; dryRun?: boolean }): Promise<number> {
  const app = await openApp();
  const { renumber } = await lazy.renumber();
  const r = renumber(app, { dryRun: flags.dryRun });
  if (flags.json) {
    printJson({ ok: true, ...r });
    return 0;
  }
  const verb = r.dryRun ? 'would ' : '';
  for (const d of r.documents) print(`${d.from} → ${d.to}: ${verb}rename ${d.file} to ${d.newFile}`);
  for (const q of r.references) print(`${q.file}: ${verb}refer to ${q.to} instead of ${q.from}`);
  for (const q of r.requirements) print(`${q.id}: ${verb}assign to "${q.name}"`);
  if (!r.documents.length && !r.requirements.length)
    print('Nothing to renumber: document numbers are unique and every requirement has an ID.');
  return 0;
}

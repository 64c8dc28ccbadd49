import type { DocKind } from '../../../domain/docs/index.js';
import { print, printJson, warn } from '../io.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import { table, terminalWidth } from '../table.js';
import { type Cli, openApp } from './shared.js';

export function registerList({ program, run }: Cli): void {
  common(program.command('list').description('list documents'), { dryRun: false })
    .option('--kind <kind>', 'proposal, spec, extension, standard (repeatable)', collect)
    .option('--status <status>', 'only this status (repeatable)', collect)
    .action((o) => run(listCommand(o)));
}

export async function listCommand(flags: {
  kind?: string[];
  status?: string[];
  json?: boolean;
}): Promise<number> {
  const app = await openApp();
  const { listDocs } = await lazy.list();
  const values = (list: string[] | undefined) =>
    (list ?? [])
      .flatMap((x) => x.split(','))
      .map((x) => x.trim())
      .filter(Boolean);
  // Plurals read naturally (--kind specs); whatever is left unknown, listDocs refuses.
  const kinds = values(flags.kind).map((k) => k.replace(/s$/, '')) as DocKind[];
  const statuses = values(flags.status);
  const { documents: items, skipped } = listDocs(app, {
    ...(kinds.length ? { kind: kinds } : {}),
    ...(statuses.length ? { status: statuses } : {}),
  });
  if (flags.json) {
    printJson({ ok: true, documents: items, skipped });
    return 0;
  }
  // A file that is not listed must not pass unnoticed: a broken document looks like a missing one.
  if (skipped.length)
    warn(
      `${skipped.length} file(s) under ${app.ws.config.docs}/ not listed (${skipped
        .slice(0, 3)
        .map((p) => `${p.file}: ${p.code}`)
        .join('; ')}${skipped.length > 3 ? '; …' : ''}); papertrail validate says why.`,
    );
  if (!items.length) {
    print(skipped.length ? 'No readable documents.' : 'No documents yet. Start with "papertrail propose".');
    return 0;
  }
  const rows = [['ID', 'KIND', 'STATUS', 'TITLE', 'LINKS']];
  for (const i of items) {
    const links = [
      i.implements && `implements ${i.implements}`,
      i.extends && `extends ${i.extends}`,
      i.requirements !== undefined && `${i.requirements} req`,
      i.implementations?.length && i.implementations.map((x) => `${x.repo}:${x.status}`).join(' '),
    ]
      .filter(Boolean)
      .join(', ');
    rows.push([i.id, i.kind, i.status ?? '-', i.title ?? '-', links]);
  }
  // Titles, then links, give way so a row fits the terminal; piped output keeps every value whole.
  print(table(rows, { width: terminalWidth(), flex: [3, 4] }));
  return 0;
}

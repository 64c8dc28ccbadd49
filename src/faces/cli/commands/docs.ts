import { PtError } from '../../../base/errors.js';
import type { DocKind } from '../../../domain/docs/index.js';
import { canInterview, print, printJson, warn } from '../io.js';
import { openApp } from './shared.js';

export async function initCommand(flags: {
  docs?: string;
  forge?: 'local' | 'github';
  repo?: string;
  author?: string[];
  tools?: string[];
  json?: boolean;
  dryRun?: boolean;
}): Promise<number> {
  const { initWorkspace } = await import('../../../app/workflow/init.js');
  const { parseAssistants } = await import('../../../app/workflow/assistant/index.js');
  const r = initWorkspace(process.cwd(), {
    docs: flags.docs,
    forge: flags.forge,
    repo: flags.repo ?? null,
    authors: flags.author,
    assistants: parseAssistants(flags.tools),
    // Asking for assistant files by name in an existing workspace adds the missing ones.
    addToExisting: flags.tools !== undefined,
    dryRun: flags.dryRun,
  });
  if (flags.json) printJson({ ok: true, ...r });
  else {
    print(`${r.dryRun ? 'Would create' : 'Created'}: ${r.created.join(', ') || 'nothing'}`);
    if (r.merged.length)
      print(`${r.dryRun ? 'Would add' : 'Added'} the papertrail server to: ${r.merged.join(', ')}`);
    if (r.skipped.length) print(`Skipped (already there, left unchanged): ${r.skipped.join(', ')}`);
    for (const m of r.manual)
      print(`${m.path} was left unchanged (${m.why}): add ${m.add} to register the papertrail server.`);
    if (r.replaced.length)
      print(
        `${r.dryRun ? 'Would replace' : 'Replaced'} by skills (unchanged files of an earlier version): ${r.replaced.join(', ')}`,
      );
    for (const l of r.legacy)
      print(
        `${l.path} was edited, so it was left as it is; the skill /${l.skill} replaces it: move your changes there and delete it.`,
      );
    print(`Next: "papertrail propose" writes your first proposal into ${r.config.docs}/proposals/.`);
  }
  return 0;
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
  const { changeStatus, StatusRequestSchema, TRANSITIONS } = await import('../../../app/workflow/status.js');
  let id = idArg;
  let to = toArg;
  let by = flags.by;
  if (flags.from) {
    // A request file: {id, status, by}, for scripts and assistants like every other verb.
    const { readInputFile } = await import('../../../app/workflow/input-file.js');
    const req = readInputFile(flags.from, StatusRequestSchema, 'status request');
    ({ id, status: to, by } = { ...req, by: req.by ?? by });
  }
  if ((!id || !to) && canInterview(flags)) {
    const { clackAsker } = await import('../interview/asker.js');
    const { loadAll } = await import('../../../app/workflow/context.js');
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

export async function listCommand(flags: {
  kind?: string[];
  status?: string[];
  json?: boolean;
}): Promise<number> {
  const app = await openApp();
  const { listDocs } = await import('../../../app/workflow/list.js');
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
  const { table, terminalWidth } = await import('../table.js');
  // Titles, then links, give way so a row fits the terminal; piped output keeps every value whole.
  print(table(rows, { width: terminalWidth(), flex: [3, 4] }));
  return 0;
}

export async function showCommand(id: string, flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  const { requirementRef, showDoc } = await import('../../../app/workflow/show.js');
  const r = showDoc(app, id);
  if (flags.json) {
    const { source: _source, ...rest } = r;
    printJson({ ok: true, document: rest });
    return 0;
  }
  if (/[/#]/.test(id)) {
    for (const q of r.requirementList) {
      print(`${q.id ?? requirementRef(r.id, q)}${q.id ? `: ${q.name}` : ''}\n\n${q.statement}\n`);
      for (const s of q.scenarios)
        print(`Scenario: ${s.name}\n${s.steps.map((x) => `  ${x.keyword} ${x.text}`).join('\n')}\n`);
      if (q.dependsOn.length) print(`Depends on: ${q.dependsOn.join(', ')}`);
    }
    return 0;
  }
  print(r.source);
  return 0;
}

export async function renumberCommand(flags: { json?: boolean; dryRun?: boolean }): Promise<number> {
  const app = await openApp();
  const { renumber } = await import('../../../app/workflow/renumber.js');
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

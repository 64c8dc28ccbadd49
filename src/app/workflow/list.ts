import { type DocKind, STATUSES } from '../../domain/docs/index.js';
import { type App, type DocsStamp, loadAll, memoized, requireWorkspace } from '../kernel/index.js';
import { indexDocs } from '../kernel/indexed/index.js';
import { type ListItem, listItemOf, toListItem } from './list-item.js';
import { unknownValue } from './unknown-value.js';

export type { ListItem };

export interface ListFilter {
  kind?: DocKind[];
  status?: string[];
}

const ORDER: Record<DocKind, number> = { proposal: 0, spec: 1, extension: 2, standard: 3 };

/** A file under the docs root that is not listed: unreadable, or not named like a document. */
export interface SkippedFile {
  file: string;
  code: string;
  message: string;
}

export interface ListResult {
  documents: ListItem[];
  skipped: SkippedFile[];
}

const KINDS = Object.keys(STATUSES) as DocKind[];
const ANY_STATUS = [...new Set(Object.values(STATUSES).flat())];

export function listDocs(app: App, filter: ListFilter = {}): ListResult {
  for (const k of filter.kind ?? [])
    if (!KINDS.includes(k)) throw unknownValue('document kind', k, KINDS, 'usage/unknown-kind');
  for (const s of filter.status ?? [])
    if (!ANY_STATUS.includes(s)) throw unknownValue('document status', s, ANY_STATUS, 'usage/unknown-status');
  requireWorkspace(app);
  const all = memoized(app, 'list', isListResult, (stamp) => listAll(app, stamp));
  const documents = all.documents.filter(
    (d) =>
      (!filter.kind || filter.kind.includes(d.kind)) &&
      (!filter.status || filter.status.includes(d.status ?? '')),
  );
  return { documents, skipped: all.skipped };
}

const isListResult = (v: unknown): v is ListResult =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as ListResult).documents) &&
  Array.isArray((v as ListResult).skipped);

const byListOrder = (a: { kind: DocKind; id: string }, b: { kind: DocKind; id: string }) =>
  ORDER[a.kind] - ORDER[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every document, in list order, and the files that are not listed: from the per-file index, or
 * with the cache off from the documents read afresh (counting requirements without parsing them).
 */
function listAll(app: App, stamp: DocsStamp | null): ListResult {
  const all = stamp ? indexed(app, stamp) : read(app);
  const skipped = all.problems.map((p) => ({ file: p.file, code: p.code, message: p.message }));
  const documents = all.items.sort(byListOrder).map((x) => x.item);
  return { documents, skipped };
}

function indexed(app: App, stamp: DocsStamp) {
  const ix = indexDocs(app, { stamp });
  const items = ix.docs.map((d) => ({
    kind: d.kind,
    id: d.id,
    item: toListItem({ ...d, requirementCount: d.requirements.length }),
  }));
  return { problems: ix.problems, items };
}

function read(app: App) {
  const set = loadAll(app, { lazyRequirements: true });
  const items = set.docs.map((d) => ({ kind: d.kind, id: d.id, item: listItemOf(d) }));
  return { problems: set.problems, items };
}

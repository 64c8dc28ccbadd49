import { type Doc, type DocKind, STATUSES } from '../../domain/docs/index.js';
import { type App, loadAll, memoized, requireWorkspace } from '../kernel/index.js';
import { unknownValue } from './unknown-value.js';

export interface ListItem {
  id: string;
  kind: DocKind;
  title: string | null;
  status: string | null;
  date: string | null;
  file: string;
  implements?: string;
  extends?: string;
  requirements?: number;
  implementations?: { repo: string; status: string }[];
}

export interface ListFilter {
  kind?: DocKind[];
  status?: string[];
}

export function toListItem(d: Doc): ListItem {
  const date =
    d.data.date instanceof Date
      ? d.data.date.toISOString().slice(0, 10)
      : d.data.date == null
        ? null
        : String(d.data.date);
  const item: ListItem = { id: d.id, kind: d.kind, title: d.title, status: d.status, date, file: d.file };
  const imp = d.refs.find((r) => r.via === 'implements');
  if (imp) item.implements = imp.id;
  const ext = d.refs.find((r) => r.via === 'extends');
  if (ext) item.extends = ext.id;
  if (d.kind === 'spec' || d.kind === 'extension') item.requirements = d.requirementCount;
  if (d.kind === 'spec')
    item.implementations = d.implementations.map((i) => ({ repo: i.repo, status: i.status }));
  return item;
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
  const all = memoized(app, 'list', isListResult, () => listAll(app));
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

/** Every document, in list order, and the files that are not listed. */
function listAll(app: App): ListResult {
  const set = loadAll(app, { lazyRequirements: true });
  const skipped = set.problems.map((p) => ({ file: p.file, code: p.code, message: p.message }));
  const documents = [...set.docs]
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(toListItem);
  return { documents, skipped };
}

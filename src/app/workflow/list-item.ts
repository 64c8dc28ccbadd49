// A row of `list` (and the head of `show`): what it reads of a document. Apart from the list itself,
// so that showing one document does not load what listing them all uses.
import { type Doc, type DocKind, type DocSummary, docDate } from '../../domain/docs/index.js';

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

/** What a row of the list reads of a document: a summary, or a parsed document with its date. */
type Listed = Pick<
  DocSummary,
  'id' | 'kind' | 'title' | 'status' | 'file' | 'refs' | 'implementations' | 'date'
> & {
  requirementCount: number;
};

export function toListItem(d: Listed): ListItem {
  const date = d.date;
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

/** A parsed document as a row of the list. */
export function listItemOf(d: Doc): ListItem {
  // Named field by field: spreading the document would read its requirements, which a list read
  // with lazy requirements has not parsed.
  const { id, kind, title, status, file, refs, implementations, requirementCount } = d;
  return toListItem({
    id,
    kind,
    title,
    status,
    file,
    refs,
    implementations,
    requirementCount,
    date: docDate(d),
  });
}

// What the rules that look across documents, the link graph and the list need of a document: its
// names, status, references and requirements with their positions, without its text. A full
// document (Doc) serves wherever a LinkedDoc does; a DocSummary is plain data, so it can be kept
// between runs for a file that has not changed.
import { basename, dirname, resolve, sep } from 'node:path';
import { detached, detachedOrNull } from '../../base/index.js';
import { keyPosition } from '../markdown/index.js';
import { classifyFileName, type IdScheme } from './ids.js';
import { linkSpans } from './mentions.js';
import type { Doc, DocKind, Implementation, Pos, Ref, Requirement } from './model.js';

export type RequirementSummary = Pick<
  Requirement,
  'name' | 'localId' | 'line' | 'column' | 'dependsOn' | 'replaces' | 'role'
>;

/** What the link graph reads of a document. */
export interface LinkedDoc
  extends Pick<
    Doc,
    'kind' | 'file' | 'fileId' | 'id' | 'baseId' | 'title' | 'titlePos' | 'heading' | 'status' | 'refs'
  > {
  requirements: readonly RequirementSummary[];
}

/** A relative link to a file under the docs root named like a document, as resolved from its source. */
export interface LinkToDoc extends Pos {
  /** The target as written, decoded. */
  href: string;
  /** Absolute path of the file it points at. */
  target: string;
  kind: DocKind;
  slug: string | null;
}

export interface DocSummary extends LinkedDoc {
  path: string;
  number: number | null;
  slug: string | null;
  /** Frontmatter `date` as list shows it. */
  date: string | null;
  implementations: Doc['implementations'];
  /** Where frontmatter `status` and `implementations` are written (line 1 when they are not). */
  statusPos: Pos;
  implementationsPos: Pos;
  links: LinkToDoc[];
  requirements: RequirementSummary[];
}

function fmPos(doc: Doc, key: string): Pos {
  return doc.fm ? keyPosition(doc.fm, [key]) : { line: 1, column: 1 };
}

function position(source: string, offset: number): Pos {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  // Columns count from the line's first character, which for line 1 is after a byte-order mark.
  const first = line === 1 && source.charCodeAt(0) === 0xfeff ? 1 : lineStart;
  return { line, column: offset - first + 1 };
}

/**
 * The document's links into the docs root to files named like documents; other links (external,
 * absolute, outside the docs root, to other files) are the author's business and are left out.
 */
export function documentLinks(
  doc: Pick<Doc, 'path' | 'source'>,
  docsRoot: string,
  scheme: IdScheme,
): LinkToDoc[] {
  const root = docsRoot.endsWith(sep) ? docsRoot : docsRoot + sep;
  const out: LinkToDoc[] = [];
  for (const link of linkSpans(doc.source)) {
    if (!link.href || /^[a-z][a-z0-9+.-]*:/i.test(link.href) || link.href.startsWith('/')) continue;
    let href = link.href;
    try {
      href = decodeURI(href);
    } catch {
      continue;
    }
    const target = resolve(dirname(doc.path), href);
    if (!target.startsWith(root)) continue;
    const named = classifyFileName(basename(target), scheme);
    if (!named) continue;
    out.push({
      href: detached(href),
      target,
      kind: named.kind,
      slug: named.slug,
      ...position(doc.source, link.start),
    });
  }
  return out;
}

/** Frontmatter `date` as YYYY-MM-DD text (a YAML date is read as one), or null when there is none. */
export function docDate(doc: Pick<Doc, 'data'>): string | null {
  const d = doc.data.date;
  return d instanceof Date ? d.toISOString().slice(0, 10) : d == null ? null : String(d);
}

// What a summary keeps of a document's text is copied out of it (base/detached.ts): a summary lives
// for the whole command, or in the per-file index, and a name cut from the file would keep the file.
const detachedRefs = (refs: Ref[]): Ref[] =>
  refs.length === 0 ? refs : refs.map((d) => ({ ref: detached(d.ref), line: d.line, column: d.column }));

function detachedImplementations(list: Implementation[]): Implementation[] {
  return list.map((i) => ({
    repo: detached(i.repo),
    status: detached(i.status),
    ...(i.link ? { link: detached(i.link) } : {}),
  }));
}

export function summarizeDoc(doc: Doc, docsRoot: string, scheme: IdScheme): DocSummary {
  return {
    kind: doc.kind,
    path: doc.path,
    file: doc.file,
    fileId: doc.fileId,
    id: doc.id,
    number: doc.number,
    baseId: doc.baseId,
    slug: doc.slug,
    title: detachedOrNull(doc.title),
    titlePos: doc.titlePos,
    heading: detachedOrNull(doc.heading),
    status: doc.status,
    date: docDate(doc),
    refs: doc.refs,
    requirements: doc.requirements.map((r) => ({
      name: detached(r.name),
      localId: r.localId,
      line: r.line,
      column: r.column,
      dependsOn: detachedRefs(r.dependsOn),
      replaces: r.replaces && {
        ref: detached(r.replaces.ref),
        from: r.replaces.from,
        line: r.replaces.line,
        column: r.replaces.column,
      },
      role: r.role,
    })),
    implementations: detachedImplementations(doc.implementations),
    statusPos: fmPos(doc, 'status'),
    implementationsPos: fmPos(doc, 'implementations'),
    links: documentLinks(doc, docsRoot, scheme),
  };
}

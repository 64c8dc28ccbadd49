import * as v from 'valibot';
import { PtError, readText } from '../../base/index.js';
import {
  type Doc,
  type DocKind,
  type DocSummary,
  parseDoc,
  STATUSES,
  setFrontmatter,
} from '../../domain/docs/index.js';
import { readFrontmatter } from '../../domain/markdown/index.js';
import { type App, findDoc, requireWorkspace, withDocsLock } from '../kernel/index.js';
import { indexDocs } from '../kernel/indexed/index.js';
import { checkThenWrite, type Written } from '../kernel/write/index.js';
import { requireSuccessor } from './successor.js';
import { unknownValue } from './unknown-value.js';

/** Legal lifecycle moves. Anything else is refused, so history reads draft → review → approved → … */
export const TRANSITIONS: Record<DocKind, Record<string, string[]>> = {
  proposal: {
    draft: ['review', 'approved', 'rejected'],
    review: ['draft', 'approved', 'rejected'],
    approved: ['superseded'],
    rejected: ['draft'],
    superseded: [],
  },
  spec: {
    draft: ['review', 'approved'],
    review: ['draft', 'approved'],
    approved: ['review', 'implemented', 'deprecated'],
    implemented: ['deprecated'],
    deprecated: [],
  },
  extension: {
    draft: ['review', 'approved'],
    review: ['draft', 'approved'],
    approved: ['review', 'implemented', 'deprecated'],
    implemented: ['deprecated'],
    deprecated: [],
  },
  standard: {
    draft: ['review', 'approved'],
    review: ['draft', 'approved'],
    approved: ['deprecated', 'superseded'],
    deprecated: [],
    superseded: [],
  },
};

/** `status --from FILE`: the same request as the arguments, for scripts and assistants. */
export const StatusRequestSchema = v.strictObject({
  id: v.string(),
  status: v.string(),
  by: v.optional(v.string()),
});

export interface StatusOptions {
  dryRun?: boolean;
  /** Successor ID when moving to superseded. */
  by?: string;
}

export interface StatusResult extends Written {
  from: string;
  to: string;
}

/** The document's text with a new status and today's date, everything else byte-identical. */
export function setStatusInSource(app: App, doc: Doc, to: string, by?: string): string {
  let src = setFrontmatter(doc, 'status', to);
  const reparse = (s: string): Doc => ({ ...doc, ...reparseFm(doc, s) });
  src = setFrontmatter(reparse(src), 'date', app.today);
  if (by) src = setFrontmatter(reparse(src), 'superseded_by', by);
  return src;
}

function reparseFm(doc: Doc, source: string): Pick<Doc, 'source' | 'fm' | 'scanned'> {
  // Only the frontmatter is edited here, so re-reading it is enough for the next splice.
  return { source, fm: readFrontmatter(source), scanned: doc.scanned };
}

export function changeStatus(app: App, id: string, to: string, opts: StatusOptions = {}): StatusResult {
  requireWorkspace(app);
  return withDocsLock(app, () => changeStatusLocked(app, id, to, opts), !opts.dryRun);
}

/**
 * The documents from the per-file index (only files changed since an earlier run are parsed), and
 * the one whose status changes read whole, as the edit and the check before writing need it.
 */
function changeStatusLocked(app: App, id: string, to: string, opts: StatusOptions): StatusResult {
  const ix = indexDocs(app, { defer: true, own: false });
  const doc = readDoc(app, findDoc(app, ix, id));
  const from = doc.status ?? '';
  const target = to.trim().toLowerCase();
  if (!STATUSES[doc.kind].includes(target)) {
    throw unknownValue(`status of a ${doc.kind}`, to, STATUSES[doc.kind], 'status/unknown');
  }
  if (from === target) {
    throw new PtError('status/unchanged', `${doc.id} is already ${from}`, {
      hint: 'Nothing was changed.',
      exit: 3,
    });
  }
  const legal = TRANSITIONS[doc.kind][from] ?? [];
  if (!legal.includes(target)) {
    throw new PtError(
      'status/illegal-transition',
      `${doc.id} cannot go from ${from || '(none)'} to ${target}`,
      {
        hint: legal.length
          ? `From ${from} a ${doc.kind} can go to: ${legal.join(', ')}.`
          : `${from} is final for a ${doc.kind}.`,
        exit: 3,
      },
    );
  }
  if (target === 'superseded') {
    if (!opts.by)
      throw new PtError('status/needs-successor', `Superseding ${doc.id} needs --by ID of its successor`, {
        hint: `papertrail status ${doc.id} superseded --by ${doc.id.replace(/\d+$/, 'NNNN')}`,
        exit: 2,
      });
    requireSuccessor(app, ix, doc, opts.by);
  }
  if (doc.kind === 'spec' && target === 'implemented') {
    const open = doc.implementations.filter((i) => i.status !== 'complete');
    if (doc.implementations.length === 0 || open.length) {
      throw new PtError(
        'status/implementations-incomplete',
        `${doc.id} cannot be implemented: ${doc.implementations.length ? `${open.map((i) => `${i.repo} is ${i.status}`).join(', ')}` : 'it names no implementation'}`,
        {
          hint: `papertrail sync ${doc.id} --dir PATH reads each implementation's progress from its plan issues (or set "status: complete" by hand).`,
          exit: 3,
        },
      );
    }
  }
  const content = setStatusInSource(app, doc, target, target === 'superseded' ? opts.by : undefined);
  const w = checkThenWrite(
    app,
    { docs: ix.docs, unreadable: ix.unreadable.map((u) => u.path), read: [doc] },
    { id: doc.id, path: doc.path, file: doc.file, content },
    { dryRun: opts.dryRun },
  );
  ix.keep();
  return { ...w, from, to: target };
}

/** The document a summary describes, read and parsed now (a file that cannot be read is refused). */
function readDoc(app: App, s: DocSummary): Doc {
  return parseDoc({ source: readText(s.path, s.file), path: s.path, file: s.file, scheme: app.scheme });
}

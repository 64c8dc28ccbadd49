import { type Doc, type DocKind, IMPLEMENTATION_STATUSES, STATUSES } from '../../docs/index.js';
import { keyPosition } from '../../markdown/index.js';
import { type DocRuleContext, finding } from './context.js';

const KNOWN: Record<DocKind, string[]> = {
  proposal: ['id', 'title', 'status', 'date', 'authors', 'reviewers', 'superseded_by', 'tags'],
  spec: [
    'id',
    'title',
    'status',
    'date',
    'implements',
    'implementations',
    'depends_on',
    'authors',
    'reviewers',
    'standards',
    'tags',
  ],
  extension: [
    'id',
    'title',
    'status',
    'date',
    'extends',
    'implements',
    'implementations',
    'depends_on',
    'authors',
    'reviewers',
    'standards',
    'tags',
  ],
  standard: [
    'id',
    'title',
    'status',
    'date',
    'applies-to',
    'authors',
    'reviewers',
    'gitignore',
    'scaffold',
    'superseded_by',
    'tags',
    'version',
  ],
};

const REQUIRED: Record<DocKind, string[]> = {
  proposal: ['status', 'date'],
  spec: ['status', 'date', 'implements'],
  extension: ['status', 'date', 'extends', 'implements'],
  standard: ['status', 'date', 'applies-to'],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function pos(doc: Doc, key: string | (string | number)[]) {
  return doc.fm ? keyPosition(doc.fm, Array.isArray(key) ? key : [key]) : { line: 1, column: 1 };
}

function isStringList(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function frontmatterRules(doc: Doc, ctx: DocRuleContext): void {
  for (const p of doc.problems) ctx.report(p);
  if (!doc.fm) {
    ctx.report(
      finding(
        'frontmatter/missing',
        'error',
        doc,
        { line: 1, column: 1 },
        'Document has no YAML frontmatter',
        'Start the file with a --- block holding status, date and the other fields for its kind.',
      ),
    );
    return;
  }
  if (doc.fm.problems.length) return;
  const d = doc.data;
  for (const key of REQUIRED[doc.kind]) {
    if (d[key] === undefined || d[key] === null || (typeof d[key] === 'string' && !d[key].trim())) {
      ctx.report(
        finding(
          'frontmatter/required-field',
          'error',
          doc,
          { line: 1, column: 1 },
          `Frontmatter is missing "${key}", required for a ${doc.kind}`,
          `Add "${key}:" to the frontmatter.`,
        ),
      );
    }
  }
  for (const key of ['authors', 'reviewers']) {
    if (d[key] === undefined) {
      ctx.report(
        finding(
          'frontmatter/missing-people',
          'warning',
          doc,
          { line: 1, column: 1 },
          `Frontmatter has no "${key}" list`,
          `Add "${key}:" with a list (it may be empty: ${key}: []).`,
        ),
      );
    } else if (d[key] !== null && !isStringList(d[key])) {
      ctx.report(
        finding(
          'frontmatter/bad-type',
          'error',
          doc,
          pos(doc, key),
          `"${key}" must be a list of names`,
          `Write "${key}:" followed by "- name" lines.`,
        ),
      );
    }
  }
  for (const key of Object.keys(d)) {
    if (!KNOWN[doc.kind].includes(key)) {
      ctx.report(
        finding(
          'frontmatter/unknown-field',
          'warning',
          doc,
          pos(doc, key),
          `Unknown frontmatter field "${key}" for a ${doc.kind}`,
          `Known fields: ${KNOWN[doc.kind].join(', ')}.`,
        ),
      );
    }
  }
  const status = d.status;
  if (status !== undefined && status !== null) {
    const raw = String(status).trim();
    const s = doc.status ?? '';
    const okSuperseded = /^superseded(\s+by\s+\S+)?$/i.test(raw) && STATUSES[doc.kind].includes('superseded');
    if (!STATUSES[doc.kind].includes(s) && !okSuperseded) {
      ctx.report(
        finding(
          'frontmatter/bad-status',
          'error',
          doc,
          pos(doc, 'status'),
          `Status "${raw}" is not valid for a ${doc.kind}`,
          `Use one of: ${STATUSES[doc.kind].join(', ')}.`,
        ),
      );
    } else if (raw !== raw.toLowerCase() && !/^superseded by/i.test(raw)) {
      ctx.report(
        finding(
          'frontmatter/status-case',
          'warning',
          doc,
          pos(doc, 'status'),
          `Status "${raw}" should be lower case`,
          `Write "status: ${raw.toLowerCase()}".`,
        ),
      );
    }
  }
  const date = d.date;
  if (date !== undefined && date !== null) {
    const text = date instanceof Date ? date.toISOString().slice(0, 10) : String(date);
    const valid =
      DATE.test(text) &&
      !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
      new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
    if (!valid)
      ctx.report(
        finding(
          'frontmatter/bad-date',
          'error',
          doc,
          pos(doc, 'date'),
          `Date "${text}" is not a real YYYY-MM-DD date`,
          'Write the date as YYYY-MM-DD, e.g. 2026-01-15.',
        ),
      );
  }
  for (const key of ['implements', 'extends', 'superseded_by', 'applies-to']) {
    const v = d[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      ctx.report(
        finding(
          'frontmatter/bad-type',
          'error',
          doc,
          pos(doc, key),
          `"${key}" must be a single value`,
          `Write "${key}: VALUE".`,
        ),
      );
    }
  }
  if (
    d.depends_on !== undefined &&
    d.depends_on !== null &&
    !isStringList(d.depends_on) &&
    typeof d.depends_on !== 'string'
  ) {
    ctx.report(
      finding(
        'frontmatter/bad-type',
        'error',
        doc,
        pos(doc, 'depends_on'),
        '"depends_on" must be a list of spec IDs',
        'Write "depends_on:" followed by "- SPEC-NNNN" lines.',
      ),
    );
  }
  if (doc.kind === 'spec' || (doc.kind === 'extension' && d.implementations !== undefined))
    checkImplementations(ctx, doc);
  if (doc.kind === 'standard') checkStandard(ctx, doc);
}

function checkImplementations(ctx: DocRuleContext, doc: Doc): void {
  const v = doc.data.implementations;
  if (v === undefined || v === null) {
    if (doc.kind === 'spec') {
      ctx.report(
        finding(
          'frontmatter/missing-implementations',
          'warning',
          doc,
          { line: 1, column: 1 },
          'Spec has no "implementations" list',
          'Add "implementations:" with "- repo: org/name" and "status: planned" entries (or "implementations: []").',
        ),
      );
    }
    return;
  }
  if (!Array.isArray(v)) {
    ctx.report(
      finding(
        'frontmatter/bad-type',
        'error',
        doc,
        pos(doc, 'implementations'),
        '"implementations" must be a list',
        'Write "- repo: org/name" entries with a status.',
      ),
    );
    return;
  }
  v.forEach((item, i) => {
    const p = pos(doc, ['implementations', i]);
    if (typeof item === 'string') return;
    if (!item || typeof item !== 'object') {
      ctx.report(
        finding(
          'frontmatter/bad-implementation',
          'error',
          doc,
          p,
          `Implementation ${i + 1} must be an object with repo and status`,
          'Write "- repo: org/name" and "  status: planned".',
        ),
      );
      return;
    }
    const o = item as Record<string, unknown>;
    if (typeof o.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(o.repo)) {
      ctx.report(
        finding(
          'frontmatter/bad-implementation',
          'error',
          doc,
          p,
          `Implementation ${i + 1} has no valid "repo" (ORG/NAME)`,
          'Write the repository as org/name, e.g. github/runner-infra.',
        ),
      );
    }
    if (
      o.status !== undefined &&
      !(IMPLEMENTATION_STATUSES as readonly string[]).includes(String(o.status))
    ) {
      ctx.report(
        finding(
          'frontmatter/bad-implementation',
          'error',
          doc,
          pos(doc, ['implementations', i]),
          `Implementation status "${String(o.status)}" is not valid`,
          `Use one of: ${IMPLEMENTATION_STATUSES.join(', ')}.`,
        ),
      );
    }
    for (const k of Object.keys(o)) {
      if (!['repo', 'status', 'link'].includes(k)) {
        ctx.report(
          finding(
            'frontmatter/unknown-field',
            'warning',
            doc,
            p,
            `Unknown implementation field "${k}"`,
            'Known fields: repo, status, link.',
          ),
        );
      }
    }
  });
}

function checkStandard(ctx: DocRuleContext, doc: Doc): void {
  const g = doc.data.gitignore;
  if (g !== undefined && g !== null && !isStringList(g)) {
    ctx.report(
      finding(
        'frontmatter/bad-type',
        'error',
        doc,
        pos(doc, 'gitignore'),
        '"gitignore" must be a list of patterns',
        'Write "gitignore:" followed by "- pattern" lines.',
      ),
    );
  }
  const sc = doc.data.scaffold;
  if (sc === undefined || sc === null) return;
  const o = sc as Record<string, unknown>;
  const bad = (msg: string) =>
    ctx.report(
      finding(
        'frontmatter/bad-scaffold',
        'error',
        doc,
        pos(doc, 'scaffold'),
        msg,
        'scaffold has "directories: [paths]" and "files: [{path, content}]".',
      ),
    );
  if (typeof sc !== 'object' || Array.isArray(sc)) {
    bad('"scaffold" must be a mapping');
    return;
  }
  if (o.directories !== undefined && !isStringList(o.directories))
    bad('"scaffold.directories" must be a list of paths');
  if (o.files !== undefined) {
    if (!Array.isArray(o.files)) {
      bad('"scaffold.files" must be a list');
      return;
    }
    for (const f of o.files as unknown[]) {
      const ff = f as Record<string, unknown> | null;
      if (!ff || typeof ff.path !== 'string' || typeof ff.content !== 'string')
        bad('every scaffold file needs "path" and "content"');
      else if (ff.path.startsWith('/') || ff.path.split('/').includes('..'))
        bad(`scaffold file path "${ff.path}" must stay inside the repository`);
    }
  }
}

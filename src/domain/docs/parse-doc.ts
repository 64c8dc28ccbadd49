import { basename } from 'node:path';
import type { Finding } from '../findings/index.js';
import {
  blockEnd,
  boldLabel,
  type Frontmatter,
  keyPosition,
  lineEnd,
  lineInFence,
  lineNum,
  lineStart,
  lineText,
  listItemText,
  readFrontmatter,
  type Scanned,
  scan,
} from '../markdown/index.js';
import { classifyFileName, headingId, type IdScheme, idScheme, kindOfId } from './ids.js';
import type {
  Doc,
  DocKind,
  DocRef,
  Implementation,
  Option,
  Requirement,
  RequirementRole,
  Section,
} from './model.js';
import { parseRequirement, requirementHeading } from './parse-requirements.js';

export interface ParseInput {
  source: string;
  /** Absolute path. */
  path: string;
  /** Workspace-relative path used in findings. */
  file: string;
  scheme?: IdScheme;
  /** Kind to assume when the file name does not say (e.g. `.github/spec/spec.md`). */
  kind?: DocKind;
  /**
   * The ID to use when neither the file name, the frontmatter nor the heading names one: what bootstrap
   * recorded for `.github/spec/spec.md`.
   */
  recordedId?: string | null;
  /** Read requirement bodies only when `requirements` is first used (their count is known at once). */
  lazyRequirements?: boolean;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export const SECTION_ALIASES = {
  problem: ['problem statement', 'problem'],
  goals: ['goals'],
  nonGoals: ['non-goals', 'non goals', 'nongoals'],
  options: ['proposed direction', 'options considered', 'options', 'considered options'],
  recommendation: ['recommendation', 'decision'],
  overview: ['overview', 'purpose'],
  requirements: ['requirements'],
  added: ['added requirements'],
  overridden: ['overridden requirements', 'overrides'],
  specDependencies: ['spec dependencies', 'dependencies'],
  standard: ['standard', 'standards', 'rules'],
  scope: ['scope'],
} as const;

// A title of printable ASCII words separated by single spaces: norm() would only lower-case it.
const PLAIN_TITLE = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** Whether `norm(a)` is `b` (already normalised), for a plain title `a`, without making a copy. */
function sameLowered(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== b.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Whether a section title is one of `aliases` (normalised). The rules ask this for every alias group
 * of every section of every document, so a plain title is compared in place rather than normalised.
 */
function titleIsOneOf(title: string, aliases: readonly string[]): boolean {
  if (!PLAIN_TITLE.test(title)) return aliases.includes(norm(title));
  for (const a of aliases) if (sameLowered(title, a)) return true;
  return false;
}

export function findSection(doc: Pick<Doc, 'sections'>, aliases: readonly string[]): Section | undefined {
  return doc.sections.find((s) => s.level === 2 && titleIsOneOf(s.title, aliases));
}

function sectionsOf(s: Scanned, bodyStart: number): Section[] {
  const out: Section[] = [];
  s.headings.forEach((h, i) => {
    if (h.level !== 2 || h.index < bodyStart) return;
    const end = blockEnd(s, i);
    out.push({
      title: h.text,
      level: 2,
      line: h.line,
      column: h.column,
      start: h.index,
      end,
      textStart: h.index + 1 < s.count ? lineStart(s, h.index + 1) : s.baseOffset + lineEnd(s, h.index),
      textEnd: s.baseOffset + lineEnd(s, end - 1),
    });
  });
  return out;
}

function fmString(data: Record<string, unknown>, key: string): string | null {
  const v = data[key];
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

function refsFromFrontmatter(fm: Frontmatter | null, data: Record<string, unknown>): DocRef[] {
  const refs: DocRef[] = [];
  if (!fm) return refs;
  const one = (key: string, via: DocRef['via']) => {
    const v = data[key];
    if (typeof v === 'string' && v.trim()) refs.push({ id: v.trim(), via, ...keyPosition(fm, [key]) });
  };
  one('implements', 'implements');
  one('extends', 'extends');
  one('superseded_by', 'superseded_by');
  const status = data.status;
  if (typeof status === 'string') {
    const m = /^superseded\s+by\s+(\S+)$/i.exec(status.trim());
    if (m) refs.push({ id: m[1]!, via: 'superseded_by', ...keyPosition(fm, ['status']) });
  }
  for (const key of ['depends_on', 'depends-on', 'standards']) {
    const v = data[key];
    const via: DocRef['via'] = key === 'standards' ? 'standards' : 'depends_on';
    if (typeof v === 'string')
      for (const id of v.split(/[\s,]+/).filter(Boolean)) refs.push({ id, via, ...keyPosition(fm, [key]) });
    if (Array.isArray(v)) {
      v.forEach((id, i) => {
        if (typeof id === 'string') refs.push({ id: id.trim(), via, ...keyPosition(fm, [key, i]) });
      });
    }
  }
  return refs;
}

function implementationsOf(data: Record<string, unknown>): Implementation[] {
  const v = data.implementations;
  if (!Array.isArray(v)) return [];
  const out: Implementation[] = [];
  for (const item of v) {
    if (typeof item === 'string') out.push({ repo: item, status: 'planned' });
    else if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      out.push({
        repo: String(o.repo ?? ''),
        status: String(o.status ?? ''),
        ...(o.link ? { link: String(o.link) } : {}),
      });
    }
  }
  return out;
}

function optionsOf(s: Scanned, sec: Section | undefined): Option[] {
  if (!sec) return [];
  const out: Option[] = [];
  for (let k = 0; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.index <= sec.start || h.index >= sec.end || h.level !== 3) continue;
    const end = blockEnd(s, k, sec.end);
    const title = h.text.replace(/^Option\s*\d*\s*[:.-]?\s*/i, '').trim() || h.text;
    const opt: Option = { title, pros: [], cons: [], line: h.line, column: h.column };
    let into: string[] | null = null;
    for (let i = h.index + 1; i < end; i++) {
      if (lineInFence(s, i)) continue;
      const t = lineText(s, i);
      const label = boldLabel(t);
      if (label) {
        const key = label.label.toLowerCase();
        into = key.startsWith('pro') ? opt.pros : key.startsWith('con') ? opt.cons : null;
        if (into && label.value) into.push(label.value);
        continue;
      }
      const item = listItemText(t);
      if (into && item !== null) into.push(item);
    }
    out.push(opt);
  }
  return out;
}

const DEPENDENCY_HEADING = /^\s{0,3}#{3,6}\s/;
const TABLE_ROW = /^\s*\|/;

function specDependencyRefs(s: Scanned, sec: Section | undefined, scheme: IdScheme): DocRef[] {
  if (!sec) return [];
  const refs: DocRef[] = [];
  for (let i = sec.start + 1; i < sec.end; i++) {
    if (lineInFence(s, i)) continue;
    // The three ways of listing dependencies: `### SPEC-0002: Title` headings, table rows, list items.
    const t = lineText(s, i);
    const isHeading = DEPENDENCY_HEADING.test(t);
    const isRow = TABLE_ROW.test(t);
    const isItem = listItemText(t) !== null;
    if (!isHeading && !isRow && !isItem) continue;
    const cell = isRow
      ? (t.split('|')[1] ?? '')
      : isHeading
        ? t.replace(/^\s*#+\s*/, '').split(':')[0]!
        : listItemText(t)!.split(/[:\s]/)[0]!;
    scheme.specIdGlobal.lastIndex = 0;
    for (const m of cell.matchAll(scheme.specIdGlobal)) {
      refs.push({ id: m[0], via: 'spec-dependencies', line: lineNum(s, i), column: t.indexOf(m[0]) + 1 });
    }
  }
  return refs;
}

interface RequirementHead {
  /** Index of the requirement's heading in the scanned headings. */
  k: number;
  /** Line index where its section ends. */
  end: number;
  role: RequirementRole;
  head: ReturnType<typeof requirementHeading> & {};
}

/** The requirement headings of a spec or extension, with the problems their placement has. */
function requirementHeads(
  s: Scanned,
  doc: Pick<Doc, 'kind' | 'sections'>,
  bodyStart: number,
  problems: Finding[],
  file: string,
): RequirementHead[] {
  const out: RequirementHead[] = [];
  const roleFor = (idx: number): RequirementRole | null => {
    const sec = doc.sections.find((x) => idx > x.start && idx < x.end);
    if (!sec) return null;
    const t = sec.title;
    if (doc.kind === 'spec' && titleIsOneOf(t, SECTION_ALIASES.requirements)) return 'base';
    if (doc.kind === 'extension') {
      if (titleIsOneOf(t, SECTION_ALIASES.added) || titleIsOneOf(t, ['requirements'])) return 'added';
      if (titleIsOneOf(t, SECTION_ALIASES.overridden)) return 'override';
    }
    return null;
  };
  for (let k = 0; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.level !== 3 || h.index < bodyStart) continue;
    const head = requirementHeading(h.text);
    if (!head) continue;
    const role = roleFor(h.index);
    if (!role) {
      problems.push({
        code: 'requirement/outside-section',
        severity: 'error',
        message: `Requirement "${head.name}" is outside the ${doc.kind === 'extension' ? '"## Added Requirements" / "## Overridden Requirements" sections' : '"## Requirements" section'}, so it would be ignored`,
        file,
        line: h.line,
        column: h.column,
        hint: 'Move the requirement under the right "##" section.',
      });
      continue;
    }
    const sec = doc.sections.find((x) => h.index > x.start && h.index < x.end)!;
    out.push({ k, end: sec.end, role: head.override ? 'override' : role, head });
  }
  return out;
}

const parseRequirements = (s: Scanned, heads: RequirementHead[]): Requirement[] =>
  heads.map((r) => parseRequirement(s, r.k, r.end, r.role, r.head));

/** Parses one Papertrail document. Never throws on bad content: problems are reported as findings. */
export function parseDoc(input: ParseInput): Doc {
  const scheme = input.scheme ?? idScheme();
  const { source, file } = input;
  const problems: Finding[] = [];
  const named = classifyFileName(basename(input.path), scheme);
  const fm = readFrontmatter(source);
  for (const p of fm?.problems ?? []) {
    problems.push({
      code: p.code,
      severity: 'error',
      message: p.message,
      file,
      line: p.line,
      column: p.column,
      hint: 'Fix the YAML between the --- lines.',
    });
  }
  const data = fm?.data ?? {};
  const bodyStart = fm ? fm.bodyLineIndex : 0;
  const s = scan(source);
  const fmId = typeof data.id === 'string' && data.id.trim() ? data.id.trim() : null;
  const h1 = s.headings.find((h) => h.level === 1 && h.index >= bodyStart);
  // A file whose name carries no ID (the implementing repository's copy) takes it from the frontmatter,
  // else the heading, else what bootstrap recorded: the same ID whichever of them the spec has.
  const givenId = fmId ?? headingId(h1?.text ?? null) ?? (input.recordedId?.trim() || null);
  const kind: DocKind =
    named?.kind ?? input.kind ?? (givenId ? kindOfId(givenId, scheme.prefixes) : null) ?? 'spec';
  let title: string | null = typeof data.title === 'string' ? data.title.trim() : null;
  let heading: string | null = null;
  if (h1) {
    heading = h1.text;
    if (!title)
      title = h1.text.replace(/^[A-Za-z]+-\d{4,}(?:-EXT-\d{4,})?\s*[:\-\u2013\u2014]\s*/, '').trim() || null;
  }
  const sections = sectionsOf(s, bodyStart);
  const docBase = { kind, sections };
  const heads =
    kind === 'spec' || kind === 'extension' ? requirementHeads(s, docBase, bodyStart, problems, file) : [];
  // A listing needs only how many requirements there are; their bodies are read when asked for.
  let requirements: Requirement[] | undefined = input.lazyRequirements
    ? undefined
    : parseRequirements(s, heads);
  const refs = refsFromFrontmatter(fm, data);
  if (kind === 'spec' || kind === 'extension')
    refs.push(...specDependencyRefs(s, findSection(docBase, SECTION_ALIASES.specDependencies), scheme));
  const options = kind === 'proposal' ? optionsOf(s, findSection(docBase, SECTION_ALIASES.options)) : [];
  const rawStatus = fmString(data, 'status');
  const status = rawStatus
    ? rawStatus
        .trim()
        .toLowerCase()
        .replace(/^superseded\s+by\s+.*$/, 'superseded')
    : null;
  const doc: Doc = {
    kind,
    path: input.path,
    file,
    source,
    fileId: named?.id ?? null,
    id: named?.id ?? givenId ?? basename(input.path, '.md'),
    number: named?.number ?? null,
    baseId: named?.baseId ?? (typeof data.extends === 'string' ? data.extends : null),
    slug: named?.slug ?? null,
    fm,
    data,
    title,
    titlePos: h1 ? { line: h1.line, column: h1.column } : null,
    heading,
    status,
    sections,
    requirements: requirements ?? [],
    requirementCount: heads.length,
    options,
    refs,
    implementations: implementationsOf(data),
    // The scan holds offsets, not line objects (those are built if something asks for `lines`), so
    // keeping it with the document costs little.
    scanned: s,
    problems,
  };
  if (!requirements) {
    // A getter only where it is needed: a getter written in the literal would be a new closure for
    // every document, giving each its own hidden class, which kept the document's whole parse alive
    // through every young-generation collection.
    Object.defineProperty(doc, 'requirements', {
      get() {
        requirements ??= parseRequirements(s, heads);
        return requirements;
      },
      enumerable: true,
      configurable: true,
    });
  }
  return doc;
}

/** Text of a section without its heading, trimmed. */
export function sectionText(doc: Doc, sec: Section | undefined): string {
  if (!sec) return '';
  return doc.source.slice(sec.textStart, Math.max(sec.textStart, sec.textEnd)).trim();
}

/** List items directly inside a section (top level only). */
export function sectionList(doc: Doc, sec: Section | undefined): string[] {
  if (!sec) return [];
  const out: string[] = [];
  for (let i = sec.start + 1; i < sec.end; i++) {
    const l = doc.scanned.lines[i]!;
    if (l.inFence || /^\s/.test(l.text)) continue;
    const item = listItemText(l.text);
    if (item !== null) out.push(item);
  }
  return out;
}

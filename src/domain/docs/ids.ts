import type { DocKind } from './model.js';

export interface IdPrefixes {
  proposal: string;
  spec: string;
  standard: string;
  requirement: string;
}

export const DEFAULT_PREFIXES: IdPrefixes = {
  proposal: 'PROP',
  spec: 'SPEC',
  standard: 'STD',
  requirement: 'REQ',
};

export interface IdScheme {
  prefixes: IdPrefixes;
  /** File-name patterns: group 1 number, (extension: group 2 ext number), last group slug. */
  proposalFile: RegExp;
  specFile: RegExp;
  extensionFile: RegExp;
  standardFile: RegExp;
  docId: RegExp;
  anyDocIdGlobal: RegExp;
  specIdGlobal: RegExp;
  requirementLocal: RegExp;
  requirementFull: RegExp;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function idScheme(prefixes: IdPrefixes = DEFAULT_PREFIXES): IdScheme {
  const P = esc(prefixes.proposal);
  const S = esc(prefixes.spec);
  const T = esc(prefixes.standard);
  const R = esc(prefixes.requirement);
  const doc = `(?:${P}-\\d{4,}|${S}-\\d{4,}(?:-EXT-\\d{4,})?|${T}-\\d{4,})`;
  return {
    prefixes,
    proposalFile: new RegExp(`^${P}-(\\d{4,})-(.+)\\.md$`),
    specFile: new RegExp(`^${S}-(\\d{4,})-(?!EXT-\\d)(.+)\\.md$`),
    extensionFile: new RegExp(`^${S}-(\\d{4,})-EXT-(\\d{4,})-(.+)\\.md$`),
    standardFile: new RegExp(`^${T}-(\\d{4,})-(.+)\\.md$`),
    docId: new RegExp(`^${doc}$`),
    anyDocIdGlobal: new RegExp(`\\b${doc}\\b`, 'g'),
    specIdGlobal: new RegExp(`\\b${S}-\\d{4,}(?:-EXT-\\d{4,})?\\b`, 'g'),
    requirementLocal: new RegExp(`^${R}-\\d{3,}$`),
    requirementFull: new RegExp(`^(${doc})/(${R}-\\d{3,})$`),
  };
}

export function pad(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}

export function docId(kind: DocKind, n: number, p: IdPrefixes, base?: string): string {
  switch (kind) {
    case 'proposal':
      return `${p.proposal}-${pad(n)}`;
    case 'spec':
      return `${p.spec}-${pad(n)}`;
    case 'standard':
      return `${p.standard}-${pad(n)}`;
    case 'extension':
      return `${base}-EXT-${pad(n)}`;
  }
}

export function requirementId(n: number, p: IdPrefixes): string {
  return `${p.requirement}-${pad(n, 3)}`;
}

export function kindOfId(id: string, p: IdPrefixes): DocKind | null {
  if (/-EXT-\d{4,}$/.test(id)) return 'extension';
  if (id.startsWith(`${p.proposal}-`)) return 'proposal';
  if (id.startsWith(`${p.spec}-`)) return 'spec';
  if (id.startsWith(`${p.standard}-`)) return 'standard';
  return null;
}

/**
 * The ID a `# SPEC-0001: Title` heading names (upstream documents carry their ID only there and in the
 * file name), or null when the heading does not start with one.
 */
export function headingId(heading: string | null): string | null {
  return heading
    ? (/^([A-Za-z]+-\d{4,}(?:-EXT-\d{4,})?)\s*[:\-\u2013\u2014]/.exec(heading)?.[1] ?? null)
    : null;
}

/** Classifies a file name; null for files that are not Papertrail documents (templates, READMEs). */
export function classifyFileName(
  name: string,
  s: IdScheme,
): { kind: DocKind; id: string; number: number; baseId: string | null; slug: string } | null {
  let m = s.extensionFile.exec(name);
  if (m) {
    const base = `${s.prefixes.spec}-${m[1]}`;
    return { kind: 'extension', id: `${base}-EXT-${m[2]}`, number: Number(m[2]), baseId: base, slug: m[3]! };
  }
  m = s.proposalFile.exec(name);
  if (m)
    return {
      kind: 'proposal',
      id: `${s.prefixes.proposal}-${m[1]}`,
      number: Number(m[1]),
      baseId: null,
      slug: m[2]!,
    };
  m = s.specFile.exec(name);
  if (m)
    return {
      kind: 'spec',
      id: `${s.prefixes.spec}-${m[1]}`,
      number: Number(m[1]),
      baseId: null,
      slug: m[2]!,
    };
  m = s.standardFile.exec(name);
  if (m)
    return {
      kind: 'standard',
      id: `${s.prefixes.standard}-${m[1]}`,
      number: Number(m[1]),
      baseId: null,
      slug: m[2]!,
    };
  return null;
}

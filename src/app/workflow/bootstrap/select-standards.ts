import { PtError } from '../../../base/index.js';
import type { Doc } from '../../../domain/docs/index.js';
import { suggest } from '../../../domain/graph/index.js';

export interface ChosenStandard {
  doc: Doc;
  why:
    | 'named in the spec'
    | 'applies to all'
    | 'applies to a tag of the spec'
    | 'added with --standard'
    | 'kept: the repository has it';
}

export interface StandardChoice {
  chosen: ChosenStandard[];
  skipped: { id: string; why: string }[];
}

/** A standard named on the command line that the workspace does not have: refused, never ignored. */
export function checkNamedStandards(named: { flag: string; ids: string[] }[], standards: Doc[]): void {
  const have = standards.map((d) => d.id);
  for (const { flag, ids } of named) {
    for (const raw of ids) {
      const id = raw.trim().toUpperCase();
      if (have.includes(id)) continue;
      const near = suggest(id, have);
      throw new PtError('standard/not-found', `${flag} ${raw}: the workspace has no standard ${id}`, {
        hint: near.length
          ? `Did you mean ${near.join(' or ')}?`
          : have.length
            ? `Standards: ${[...have].sort().join(', ')}`
            : 'The workspace has no standards yet; write one with papertrail standard.',
        exit: 3,
      });
    }
  }
}

function tagsOf(doc: Doc): string[] {
  const t = doc.data.tags;
  const list = Array.isArray(t) ? t : typeof t === 'string' ? t.split(',') : [];
  return list.map((x) => String(x).trim().toLowerCase()).filter(Boolean);
}

/**
 * Which standards a repository gets, by rules a reviewer can predict: those the spec or its
 * extensions name (frontmatter `standards:` or an STD-NNNN in the text), those that apply to `all`,
 * those whose `applies-to` is one of the spec's `tags`, those the repository already has (`keep`:
 * a re-run never drops a standard), plus --standard, minus --skip-standard. Only approved standards
 * are applied, except those added or kept by name; others are listed as skipped with the reason.
 */
export function selectStandards(
  spec: Doc,
  extensions: Doc[],
  standards: Doc[],
  opts: { add?: string[]; skip?: string[]; keep?: string[] } = {},
): StandardChoice {
  const named = new Set<string>();
  for (const d of [spec, ...extensions]) {
    for (const r of d.refs) if (r.via === 'standards') named.add(r.id);
    for (const s of standards) if (d.source.includes(s.id)) named.add(s.id);
  }
  const tags = new Set([spec, ...extensions].flatMap(tagsOf));
  const add = new Set((opts.add ?? []).map((s) => s.toUpperCase()));
  const skip = new Set((opts.skip ?? []).map((s) => s.toUpperCase()));
  const keep = new Set(opts.keep ?? []);
  const chosen: ChosenStandard[] = [];
  const skipped: StandardChoice['skipped'] = [];
  for (const doc of [...standards].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const applies = String(doc.data['applies-to'] ?? '')
      .trim()
      .toLowerCase();
    const why: ChosenStandard['why'] | null = add.has(doc.id)
      ? 'added with --standard'
      : named.has(doc.id)
        ? 'named in the spec'
        : applies === 'all'
          ? 'applies to all'
          : applies && tags.has(applies)
            ? 'applies to a tag of the spec'
            : keep.has(doc.id)
              ? 'kept: the repository has it'
              : null;
    if (!why) continue;
    if (skip.has(doc.id)) skipped.push({ id: doc.id, why: 'skipped with --skip-standard' });
    else if (doc.status !== 'approved' && !add.has(doc.id) && !keep.has(doc.id))
      skipped.push({ id: doc.id, why: `is ${doc.status ?? 'without status'}, not approved` });
    else chosen.push({ doc, why });
  }
  for (const id of [...keep].sort())
    if (!standards.some((d) => d.id === id))
      skipped.push({ id, why: 'the repository has it, but the workspace no longer does' });
  return { chosen, skipped };
}

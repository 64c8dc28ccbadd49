import type { Doc } from '../../../domain/docs/index.js';

export interface ChosenStandard {
  doc: Doc;
  why: 'named in the spec' | 'applies to all' | 'applies to a tag of the spec' | 'added with --standard';
}

export interface StandardChoice {
  chosen: ChosenStandard[];
  skipped: { doc: Doc; why: string }[];
}

function tagsOf(doc: Doc): string[] {
  const t = doc.data.tags;
  const list = Array.isArray(t) ? t : typeof t === 'string' ? t.split(',') : [];
  return list.map((x) => String(x).trim().toLowerCase()).filter(Boolean);
}

/**
 * Which standards a repository gets, by rules a reviewer can predict: those the spec or its
 * extensions name (frontmatter `standards:` or an STD-NNNN in the text), those that apply to `all`,
 * those whose `applies-to` is one of the spec's `tags`, plus --standard, minus --skip-standard.
 * Only approved standards are applied; others are listed as skipped with the reason.
 */
export function selectStandards(
  spec: Doc,
  extensions: Doc[],
  standards: Doc[],
  opts: { add?: string[]; skip?: string[] } = {},
): StandardChoice {
  const named = new Set<string>();
  for (const d of [spec, ...extensions]) {
    for (const r of d.refs) if (r.via === 'standards') named.add(r.id);
    for (const s of standards) if (d.source.includes(s.id)) named.add(s.id);
  }
  const tags = new Set([spec, ...extensions].flatMap(tagsOf));
  const add = new Set((opts.add ?? []).map((s) => s.toUpperCase()));
  const skip = new Set((opts.skip ?? []).map((s) => s.toUpperCase()));
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
            : null;
    if (!why) continue;
    if (skip.has(doc.id)) skipped.push({ doc, why: 'skipped with --skip-standard' });
    else if (doc.status !== 'approved' && !add.has(doc.id))
      skipped.push({ doc, why: `is ${doc.status ?? 'without status'}, not approved` });
    else chosen.push({ doc, why });
  }
  return { chosen, skipped };
}

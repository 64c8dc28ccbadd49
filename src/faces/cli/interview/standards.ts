import type { Asker } from './asker.js';

export interface StandardOffer {
  id: string;
  title: string;
}

/**
 * Lets a person pick the standards a repository gets: every offered standard, those bootstrap would
 * apply ticked. Returns the difference as --standard / --skip-standard.
 */
export async function pickStandards(
  a: Asker,
  offered: StandardOffer[],
  applied: { id: string; why: string }[],
): Promise<{ add: string[]; skip: string[] }> {
  const why = new Map(applied.map((s) => [s.id, s.why]));
  const picked = await a.multiselect({
    message: 'Which standards should the repository follow? (space toggles, enter confirms)',
    options: offered.map((s) => ({ value: s.id, label: `${s.id}: ${s.title}`, hint: why.get(s.id) })),
    initial: offered.filter((s) => why.has(s.id)).map((s) => s.id),
  });
  const chosen = new Set(picked);
  return {
    add: picked.filter((id) => !why.has(id)),
    skip: [...why.keys()].filter((id) => !chosen.has(id)),
  };
}

import type { StandardRequest } from '../../../app/workflow/index.js';
import type { Asker } from './asker.js';
import { askList } from './lists.js';

/** papertrail's /std: scope, MUST/SHOULD/MAY rules per category, gitignore patterns. */
export async function interviewStandard(a: Asker, d: Partial<StandardRequest>): Promise<StandardRequest> {
  a.intro('New engineering standard');
  const title = d.title ?? (await a.text({ message: 'Title of the standard? (e.g. Go Services)' }));
  const applies_to =
    d.applies_to ??
    (await a.text({
      message: 'What does it apply to? (all, services, libraries, infrastructure, github-actions, …)',
      initial: 'all',
    }));
  const overview =
    d.overview ?? (await a.text({ message: 'What does it cover and why does it exist?', prose: true }));
  const includes = await askList(a, 'In scope (one per answer, Enter to finish):', {
    itemLabel: 'More in scope',
  });
  const excludes = await askList(a, 'Out of scope (one per answer, Enter for none):', {
    itemLabel: 'More out of scope',
  });
  const rules: StandardRequest['rules'] = d.rules ?? [];
  if (!rules.length) {
    for (;;) {
      const category = await a.text({
        message: rules.length ? 'Next category (Enter when done)' : 'First category of rules? (e.g. Testing)',
        optional: rules.length > 0,
      });
      if (!category) break;
      const must = await askList(a, `${category} — MUST rules (Enter to finish):`, {
        itemLabel: 'Another MUST',
      });
      const should = await askList(a, `${category} — SHOULD rules (Enter to finish):`, {
        itemLabel: 'Another SHOULD',
      });
      const may = await askList(a, `${category} — MAY rules (Enter to finish):`, {
        itemLabel: 'Another MAY',
      });
      rules.push({ category, must, should, may });
    }
  }
  const gitignore = d.gitignore?.length
    ? d.gitignore
    : await askList(a, 'Patterns implementing repos should .gitignore (Enter for none):', {
        itemLabel: 'Another pattern',
      });
  return {
    ...d,
    title,
    applies_to,
    overview,
    scope: { includes, excludes },
    rules,
    gitignore,
  } as StandardRequest;
}

import type { ProposalRequest } from '../../../app/workflow/index.js';
import { type Asker, cancelled } from './asker.js';
import { askList } from './lists.js';

export type ProposalDraft = Partial<ProposalRequest>;

/** The proposal interview: problem, title, goals, non-goals, options with pros and cons, recommendation. */
export async function interviewProposal(
  a: Asker,
  d: ProposalDraft,
  titleTaken: (t: string) => string[],
): Promise<ProposalRequest> {
  a.intro("New proposal — I'll ask one question at a time.");
  const problem =
    d.problem ?? (await a.text({ message: 'What problem are you trying to solve?', prose: true }));
  let title =
    d.title ??
    (await a.text({
      message: 'What title would you like for this proposal? Keep it short and descriptive.',
    }));
  for (;;) {
    const taken = titleTaken(title);
    if (!taken.length) break;
    const choice = await a.select({
      message: `A proposal with a similar title exists: ${taken.join(', ')}`,
      options: [
        { value: 'rename', label: 'Use a different title' },
        { value: 'stop', label: 'Review the existing proposal first (stop here)' },
        { value: 'continue', label: 'Continue with the current title' },
      ],
    });
    if (choice === 'continue') break;
    if (choice === 'stop') cancelled();
    title = await a.text({ message: 'New title?' });
  }
  const goals = d.goals?.length
    ? d.goals
    : await askList(
        a,
        'What are the goals of this proposal? What must it achieve to be considered successful? (one per answer)',
        { min: 1, itemLabel: 'Another goal' },
      );
  const nonGoals = d.non_goals?.length
    ? d.non_goals
    : await askList(
        a,
        "What are the non-goals? What's explicitly out of scope? (one per answer, Enter for none)",
        { itemLabel: 'Another non-goal' },
      );
  let options = d.options ?? [];
  if (!options.length) {
    a.info("Now let's explore solutions. Give each option's title; I'll ask for its pros and cons.");
    for (let n = 1; ; n++) {
      const t = await a.text({
        message:
          n === 1
            ? 'What options have you considered? Option 1 title:'
            : `Option ${n} title (Enter when done)`,
        optional: n > 1,
      });
      if (!t) break;
      const pros = await askList(a, `Option ${n}: ${t} — what are the pros? (one per answer)`, {
        itemLabel: 'Another pro',
      });
      const cons = await askList(a, `Option ${n}: ${t} — what are the cons? (one per answer)`, {
        itemLabel: 'Another con',
      });
      options = [...options, { title: t, pros, cons }];
    }
  }
  const recommendation =
    d.recommendation ?? (await a.text({ message: "What's your recommendation?", prose: true }));
  return {
    title,
    problem,
    goals,
    non_goals: nonGoals,
    options,
    recommendation,
    ...(d.background ? { background: d.background } : {}),
    ...(d.slug ? { slug: d.slug } : {}),
    ...(d.authors ? { authors: d.authors } : {}),
    ...(d.reviewers ? { reviewers: d.reviewers } : {}),
  };
}

export function proposalSummary(id: string, r: ProposalRequest): string {
  const list = (xs: string[]) => (xs.length ? xs.map((x) => `  - ${x}`).join('\n') : '  (none)');
  return [
    `ID: ${id}`,
    `Title: ${r.title}`,
    '',
    `Problem: ${r.problem}`,
    '',
    'Goals:',
    list(r.goals),
    '',
    'Non-Goals:',
    list(r.non_goals),
    '',
    'Options:',
    list(
      r.options.map((o, i) => `Option ${i + 1}: ${o.title} (${o.pros.length} pros, ${o.cons.length} cons)`),
    ),
    '',
    `Recommendation: ${r.recommendation}`,
  ].join('\n');
}

import type { SpecRequest } from '../../../app/workflow/index.js';
import type { Asker } from './asker.js';
import { askRequirements } from './requirement.js';

export type SpecDraft = Partial<SpecRequest>;

const REPO = /^[\w.-]+\/[\w.-]+$/;

/** The spec interview: implementing repositories, requirements with scenarios, spec dependencies. */
export async function interviewSpec(
  a: Asker,
  proposal: { id: string; title: string },
  d: SpecDraft,
  specExists: (id: string) => boolean,
): Promise<SpecRequest> {
  a.intro(`New spec implementing ${proposal.id}: ${proposal.title}`);
  let implementations = d.implementations ?? [];
  if (!implementations.length) {
    const repos = await a.text({
      message: 'What repositories will implement this spec? List the org/repo names (comma-separated).',
      validate: (s) => {
        const bad = s
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x && !REPO.test(x));
        return bad.length ? `Write repositories as org/repo: ${bad.join(', ')}` : undefined;
      },
    });
    implementations = repos
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((repo) => ({ repo, status: 'planned' as const }));
  }
  a.info(
    "Now let's define the requirements: each gets a SHALL/MUST statement and GIVEN/WHEN/THEN scenarios.",
  );
  const requirements = d.requirements?.length ? d.requirements : await askRequirements(a);
  let dependsOn = d.depends_on ?? [];
  if (!d.depends_on) {
    const ans = await a.text({
      message:
        'Does this spec depend on any other specs (APIs or services from other systems)? SPEC IDs, comma-separated (Enter for none)',
      optional: true,
      validate: (s) => {
        const bad = s
          .split(',')
          .map((x) => x.trim().toUpperCase())
          .filter((x) => x && !specExists(x));
        return bad.length ? `No such spec: ${bad.join(', ')}` : undefined;
      },
    });
    dependsOn = ans
      .split(',')
      .map((x) => x.trim().toUpperCase())
      .filter(Boolean);
  }
  return {
    ...d,
    implementations,
    requirements,
    depends_on: dependsOn,
  } as SpecRequest;
}

export function specSummary(id: string, proposalId: string, title: string, r: SpecRequest): string {
  return [
    `ID: ${id}`,
    `Title: ${title}`,
    `Implements: ${proposalId}`,
    `Implementations: ${r.implementations.map((i) => i.repo).join(', ') || '(none)'}`,
    '',
    'Requirements:',
    ...r.requirements.map(
      (q, i) =>
        `  ${i + 1}. ${q.name} - ${q.scenarios.length} scenario${q.scenarios.length === 1 ? '' : 's'}${q.depends_on.length ? ` (depends on ${q.depends_on.join(', ')})` : ''}`,
    ),
    '',
    `Spec dependencies: ${r.depends_on.join(', ') || 'none'}`,
  ].join('\n');
}

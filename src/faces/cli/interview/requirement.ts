import type { RequirementRequest, ScenarioRequest } from '../../../app/workflow/index.js';
import type { Asker } from './asker.js';
import { oneLine, stripLead } from './lists.js';
import { isNormative, normativeStatement } from './normative.js';

async function askScenario(a: Asker, reqName: string, n: number): Promise<ScenarioRequest> {
  const name = await a.text({ message: `Scenario ${n} of "${reqName}" — name?` });
  const given = stripLead(await a.text({ message: 'GIVEN what initial state?' }), 'given');
  const when = stripLead(await a.text({ message: 'WHEN what happens?' }), 'when');
  const then = stripLead(await a.text({ message: 'THEN what should occur?' }), 'then');
  return { name, given: [given], when: [when], then: [then] };
}

/**
 * A statement in SHALL form. A confident rewrite is offered as the editable answer (Enter keeps
 * it); without one, the person's own words are offered for editing and Enter alone is refused,
 * so a wrong rewrite is never one key away.
 */
async function askNormative(a: Asker, said: string): Promise<string> {
  const suggested = normativeStatement(said);
  const edited = await a.text({
    message: suggested
      ? 'Statement with SHALL (edit it, or press Enter to accept):'
      : 'Statement — add SHALL or MUST to it (e.g. "The system SHALL …"):',
    initial: suggested ?? said,
    prose: true,
    validate: checkNormative,
  });
  return oneLine(edited);
}

/** What a typed statement needs: SHALL/MUST followed by what is done, not by its subject. */
export function checkNormative(s: string): string | undefined {
  if (!isNormative(s)) return 'Use SHALL or MUST (upper case).';
  if (/\b(?:SHALL|MUST)\s+(?:not\s+)?(?:the|a|an)\b/i.test(s))
    return 'After SHALL comes what is done, e.g. "The system SHALL scale runners …".';
  return undefined;
}

/** One requirement: name, SHALL statement, scenarios as GIVEN/WHEN/THEN, and what it depends on. */
export async function askRequirement(
  a: Asker,
  ordinal: string,
  earlier: string[],
): Promise<RequirementRequest | null> {
  const name = await a.text({
    message: `What's the ${ordinal} requirement? Give it a short name (e.g. Auto-Scaling)`,
    optional: ordinal !== 'first',
    placeholder: ordinal === 'first' ? undefined : 'Enter when done',
  });
  if (!name) return null;
  const said = oneLine(await a.text({ message: `What must "${name}" do? (one sentence)`, prose: true }));
  const statement = isNormative(said) ? said : await askNormative(a, said);
  const scenarios: ScenarioRequest[] = [];
  do scenarios.push(await askScenario(a, name, scenarios.length + 1));
  while (await a.confirm({ message: `Add another scenario to "${name}"?`, initial: false }));
  let dependsOn: string[] = [];
  if (earlier.length) {
    const list = earlier.map((e, i) => `${i + 1}) ${e}`).join(', ');
    const ans = await a.text({
      message: `Does "${name}" depend on earlier requirements? ${list} — numbers or names, comma-separated (Enter for none)`,
      optional: true,
      validate: (s) => {
        const bad = s
          .split(',')
          .map((x) => x.trim())
          .filter(
            (x) =>
              x &&
              !(/^\d+$/.test(x)
                ? earlier[Number(x) - 1]
                : earlier.some((e) => e.toLowerCase() === x.toLowerCase())),
          );
        return bad.length ? `Unknown: ${bad.join(', ')}` : undefined;
      },
    });
    dependsOn = ans
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) =>
        /^\d+$/.test(x) ? earlier[Number(x) - 1]! : earlier.find((e) => e.toLowerCase() === x.toLowerCase())!,
      );
  }
  a.note(
    [
      `Requirement: ${name}`,
      '',
      statement,
      '',
      ...scenarios.flatMap((s) => [
        `Scenario: ${s.name}`,
        `- GIVEN ${s.given.join(' AND ')}`,
        `- WHEN ${s.when.join(' AND ')}`,
        `- THEN ${s.then.join(' AND ')}`,
      ]),
      ...(dependsOn.length ? ['', `Depends on: ${dependsOn.join(', ')}`] : []),
    ].join('\n'),
    'Got it',
  );
  return { name, statement, scenarios, depends_on: dependsOn };
}

const ORD = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
export const ordinal = (i: number) => ORD[i] ?? `${i + 1}th`;

export async function askRequirements(a: Asker, known: string[] = []): Promise<RequirementRequest[]> {
  const reqs: RequirementRequest[] = [];
  for (let i = 0; ; i++) {
    const r = await askRequirement(a, i === 0 ? 'first' : 'next', [...known, ...reqs.map((x) => x.name)]);
    if (!r) break;
    reqs.push(r);
    if (!(await a.confirm({ message: 'Any more requirements?', initial: true }))) break;
  }
  return reqs;
}

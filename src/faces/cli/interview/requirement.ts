import type { RequirementRequest, ScenarioRequest } from '../../../app/workflow/inputs.js';
import type { Asker } from './asker.js';
import { normativeStatement, stripLead } from './lists.js';

async function askScenario(a: Asker, reqName: string, n: number): Promise<ScenarioRequest> {
  const name = await a.text({ message: `Scenario ${n} of "${reqName}" — name?` });
  const given = stripLead(await a.text({ message: 'GIVEN what initial state?' }), 'given');
  const when = stripLead(await a.text({ message: 'WHEN what happens?' }), 'when');
  const then = stripLead(await a.text({ message: 'THEN what should occur?' }), 'then');
  return { name, given: [given], when: [when], then: [then] };
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
  const said = await a.text({ message: `What must "${name}" do? (one sentence)` });
  const suggested = normativeStatement(said);
  const statement =
    suggested === said
      ? said
      : await a.text({
          message: 'Statement (edit or press Enter to accept):',
          initial: suggested,
          validate: (s) => (/\b(SHALL|MUST)\b/.test(s) ? undefined : 'Use SHALL or MUST.'),
        });
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

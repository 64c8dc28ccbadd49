// Commander collects repeated options per name and loses their order; grouped flags such as
// `--option A --pro x --con y --option B …` need that order, so they are read from argv directly.

export interface Group {
  /** Which head flag opened the group. */
  flag: string;
  head: string;
  members: Record<string, string[]>;
}

/**
 * Groups `members` flags under the head flag before them. Several kinds of head may share members
 * (`--requirement` and `--override` both own `--scenario`), so every head closes the previous group.
 */
export function groupedFlags(argv: string[], heads: string | string[], members: string[]): Group[] {
  const headList = typeof heads === 'string' ? [heads] : heads;
  const groups: Group[] = [];
  const value = (i: number, flag: string): [string | undefined, number] => {
    const a = argv[i]!;
    if (a.startsWith(`${flag}=`)) return [a.slice(flag.length + 1), i];
    return [argv[i + 1], i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const head = headList.find((h) => a === h || a.startsWith(`${h}=`));
    if (head) {
      const [v, j] = value(i, head);
      i = j;
      if (v !== undefined) groups.push({ flag: head, head: v, members: {} });
      continue;
    }
    for (const m of members) {
      if (a === m || a.startsWith(`${m}=`)) {
        const [v, j] = value(i, m);
        i = j;
        const g = groups.at(-1);
        if (v !== undefined && g) {
          g.members[m] ??= [];
          g.members[m].push(v);
        }
      }
    }
  }
  return groups;
}

/** `"Scale up: GIVEN a pool WHEN queued THEN provision AND log"` → a scenario object. */
export function parseScenarioFlag(text: string): {
  name: string;
  given: string[];
  when: string[];
  then: string[];
} {
  const first = text.search(/\b(GIVEN|WHEN|THEN)\b/);
  const head = first >= 0 ? text.slice(0, first) : text;
  const name = head.replace(/:\s*$/, '').trim();
  const body = first >= 0 ? text.slice(first) : '';
  const out = { name, given: [] as string[], when: [] as string[], then: [] as string[] };
  let cur: string[] | null = null;
  for (const part of body.split(/\b(GIVEN|WHEN|THEN|AND)\b/)) {
    if (part === 'GIVEN') cur = out.given;
    else if (part === 'WHEN') cur = out.when;
    else if (part === 'THEN') cur = out.then;
    else if (part === 'AND') cur?.push('');
    else if (cur && part.trim()) {
      const t = part.trim().replace(/[,;]$/, '');
      if (cur.length && cur[cur.length - 1] === '') cur[cur.length - 1] = t;
      else cur.push(t);
    }
  }
  return out;
}

/** `"Auto-Scaling: The system SHALL …"` → name and statement. */
export function parseRequirementFlag(text: string): { name: string; statement: string } {
  const i = text.indexOf(':');
  if (i < 0) return { name: text.trim(), statement: '' };
  return { name: text.slice(0, i).trim(), statement: text.slice(i + 1).trim() };
}

export function splitList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

// A `schedule:` trigger's cron line as GitHub Actions takes it: five fields (minute, hour, day of the
// month, month, day of the week), each a list of `*`, values and ranges, any of them with a `/step`.

const FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] },
  { name: 'hour', min: 0, max: 23, names: [] },
  { name: 'day of the month', min: 1, max: 31, names: [] },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of the week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

type Field = (typeof FIELDS)[number];

/** What is wrong with the cron line, or null when GitHub would take it. */
export function cronProblem(line: string): string | null {
  const parts = line.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== FIELDS.length)
    return `it has ${parts.length} field(s); a cron line has 5: minute hour day-of-month month day-of-week`;
  for (const [i, part] of parts.entries()) {
    const field = FIELDS[i]!;
    for (const item of part.split(',')) {
      const problem = itemProblem(item, field);
      if (problem) return `the ${field.name} field "${part}": ${problem}`;
    }
  }
  return null;
}

function itemProblem(item: string, f: Field): string | null {
  const m = /^([^/]*)(?:\/(\d+))?$/.exec(item);
  if (!m?.[1]) return `"${item}" is not *, a value or a range`;
  const [, range, step] = m;
  // GitHub takes a step that is itself one of the field's values (so at most its largest).
  if (step !== undefined && (Number(step) < 1 || Number(step) > f.max))
    return `the step of "${item}" is not from 1 to ${f.max}`;
  if (range === '*') return null;
  const ends = range!.split('-');
  if (ends.length > 2) return `"${item}" is not *, a value or a range`;
  const values = ends.map((e) => fieldValue(e, f));
  const bad = ends.find((_e, i) => values[i] === null);
  if (bad !== undefined)
    return `"${bad}" is not a value from ${f.min} to ${f.max}${f.names.length ? ` or ${f.names[0]}-${f.names.at(-1)}` : ''}`;
  if (values.length === 2 && values[0]! > values[1]!) return `the range "${range}" runs backwards`;
  return null;
}

function fieldValue(text: string, f: Field): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= f.min && n <= f.max ? n : null;
  }
  const at = (f.names as readonly string[]).indexOf(text.toUpperCase());
  return at < 0 ? null : at + f.min;
}

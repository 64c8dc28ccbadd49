// Name handling shared by every OpenSpec reader. Matching is exact after normalisation, as in
// OpenSpec; the fold exists only to spot near-miss typos (case or spacing).

const CLOSING_HASHES = /[ \t]+#+[ \t]*$/;
const CANONICAL_REQUIREMENT = /^Requirement:\s*(.+)$/i;
const SCENARIO_PREFIX = /^Scenario:\s*/i;
const NORMATIVE = /\b(SHALL|MUST)\b/;

export function normalizeName(name: string): string {
  return name.replace(CLOSING_HASHES, '').trim();
}

export function foldName(name: string): string {
  return normalizeName(name).toLowerCase().replace(/\s+/g, ' ');
}

/** The requirement name of a level-3 header text, or null when it is not `Requirement: <name>`. */
export function requirementName(headerText: string): string | null {
  const m = CANONICAL_REQUIREMENT.exec(headerText);
  return m ? normalizeName(m[1]!) : null;
}

export function scenarioName(headerText: string): string {
  return normalizeName(headerText).replace(SCENARIO_PREFIX, '').trim();
}

export function containsShallOrMust(text: string): boolean {
  return NORMATIVE.test(text);
}

export function stripBom(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}

import type { PlanReport, PlanRow } from './reconcile.js';

const TYPE = {
  tracking: 'Tracking',
  group: 'Group',
  requirement: 'Requirement',
  override: 'Override',
} as const;
const ref = (n: number | null) => (n === null ? '(new)' : `#${n}`);
const shortTitle = (t: string) => t.replace(/^\[REQ\] /, '');

/** Each blocker by number, or, for an issue not created yet (a dry run), by its title. */
function blockers(r: PlanReport, row: PlanRow): string[] {
  return row.blockedBy.map((n, i) => {
    if (n !== null) return ref(n);
    const key = row.blockedByKeys[i];
    const b = r.rows.find((x) => x.key === key);
    return `${b ? shortTitle(b.title) : (key ?? '?')} (new)`;
  });
}

/** What `plan` prints: one table row per issue with its blockers, then the tree under the tracking issue. */
export function planTable(r: PlanReport): string {
  const rows = r.rows.filter((x) => x.action !== 'skip');
  const lines = ['| # | Title | Type | Dependencies |', '|---|-------|------|--------------|'];
  for (const x of rows)
    lines.push(
      `| ${x.number ?? '-'} | ${x.title} | ${TYPE[x.type]} | ${x.blockedBy.length ? blockers(r, x).join(', ') : '-'} |`,
    );
  const tracking = rows.find((x) => x.type === 'tracking');
  const children = rows.filter((x) => x.type !== 'tracking');
  const tree = [`${tracking ? ref(tracking.number) : '(new)'} Tracking Issue`];
  children.forEach((c, i) => {
    const last = i === children.length - 1;
    const blocked = c.blockedBy.length ? ` (blocked by ${blockers(r, c).join(', ')})` : '';
    tree.push(`${last ? '└──' : '├──'} ${ref(c.number)} ${shortTitle(c.title)}${blocked}`);
  });
  return `${lines.join('\n')}\n\nDependency graph\n${tree.join('\n')}\n`;
}

/** One line per link kind the forge lacks, saying what the plan did instead. */
export function unsupportedNotices(r: PlanReport): string[] {
  return r.unsupported.map((kind) =>
    kind === 'sub-issues'
      ? 'note: this GitHub server has no sub-issues (as GitHub Enterprise Server 3.17 to 3.19): the tracking issue lists its issues as a task list instead.'
      : 'note: this GitHub server has no issue dependencies (as GitHub Enterprise Server 3.17 and 3.18): no "blocked by" links; each issue\'s "Depends on" section names its blockers.',
  );
}

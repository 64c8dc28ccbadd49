// Where the forge has no sub-issues (GitHub Enterprise Server 3.17–3.19), a parent issue lists its
// children as a task list instead, which GitHub renders with each issue's title and state. The list
// is part of the text the plan writes, under the marker's digest, so a re-plan rewrites it only when
// a child was added, closed or reopened, and an unchanged plan writes nothing.
import { textOf, withMarker } from './marker.js';
import type { PlanItem } from './model.js';

export const TASK_LIST_HEADING = '## Sub-issues';

/** The parent's body with a task list of `children` (in plan order) under its planned text. */
export function withTaskList(
  parent: PlanItem,
  children: { item: PlanItem; issue: { number: number; state: 'open' | 'closed' } | null }[],
): string {
  const lines = children.map(({ item, issue }) => {
    const done = issue?.state === 'closed' ? 'x' : ' ';
    return `- [${done}] ${issue && issue.number > 0 ? `#${issue.number}` : '(new)'} ${item.title}`;
  });
  const text = [
    textOf(parent.body),
    '',
    TASK_LIST_HEADING,
    '',
    'This GitHub server has no sub-issues, so Papertrail keeps this list of the issues tracked here.',
    '',
    ...(lines.length ? lines : ['Nothing yet.']),
  ].join('\n');
  return withMarker(text, parent.key, parent.title);
}

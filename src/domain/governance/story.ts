import type { Doc, Requirement } from '../docs/index.js';
import { listItemText } from '../markdown/index.js';
import type { Change } from './model.js';
import { namedPaths, normTitle, sectionsOf } from './target.js';

export interface StoryScenario {
  name: string;
  text: string;
}

export interface StoryPath {
  action: Change['action'] | null;
  path: string;
  purpose: string;
}

/** What a runbook is made from: a story file, or a spec requirement (a plan issue's requirement). */
export interface Story {
  /** As the user refers to it: STORY-12, or SPEC-0001/REQ-001 for a requirement. */
  id: string;
  /** The runbook's folder under .agent/cache/runbooks/. */
  scope: string;
  /** File-name form of the ID (no "/"). */
  stem: string;
  title: string;
  origin: { kind: 'story' | 'requirement'; file: string; line: number; issue?: number };
  state: string | null;
  /** The problem and intent, in the story's words. */
  summary: string[];
  scenarios: StoryScenario[];
  nonFunctional: string[];
  rollback: string[];
  testStrategy: string[];
  linked: string[];
  dependsOn: string[];
  paths: StoryPath[];
  /** The story's own text, for rules that apply to stories. */
  source: string;
}

export const stemOf = (id: string) => id.replace(/[/\\]+/g, '-');

const STORY_ID = /^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$/;
export const isStoryId = (s: string) => STORY_ID.test(s);

function sectionBody(
  lines: string[],
  sections: ReturnType<typeof sectionsOf>['sections'],
  ...names: string[]
) {
  const want = names.map((n) => n.toLowerCase());
  const sec = sections.find((s) => s.level === 2 && want.includes(normTitle(s.title)));
  if (!sec) return [];
  return lines
    .slice(sec.start + 1, sec.end)
    .map((l) => l.trimEnd())
    .filter((l, i, all) => l.trim() !== '' || (i > 0 && all[i - 1]!.trim() !== ''))
    .filter((l, i, all) => !(i === all.length - 1 && l.trim() === ''));
}

const listItems = (lines: string[]) =>
  lines.map((l) => listItemText(l)).filter((x): x is string => !!x && x.trim() !== '');

/** A `| Action | Path | Purpose |` table (vegardx/papertrail's **Files:**) anywhere in `lines`. */
export function filesTable(lines: string[]): StoryPath[] {
  const out: StoryPath[] = [];
  let cols: string[] | null = null;
  for (const l of lines) {
    if (!/^\s*\|/.test(l)) {
      cols = null;
      continue;
    }
    const cells = l
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
    if (!cols) {
      cols = cells.map((c) => c.toLowerCase());
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    const a = cols.indexOf('action');
    const p = cols.indexOf('path');
    if (a < 0 || p < 0) continue;
    const path = (cells[p] ?? '').replace(/`/g, '').trim();
    if (!path) continue;
    const verb = (cells[a] ?? '').toLowerCase();
    const action = /creat|new|add/.test(verb)
      ? 'NEW'
      : /delet|remov/.test(verb)
        ? 'DELETE'
        : /modif|updat|chang|edit/.test(verb)
          ? 'MODIFY'
          : null;
    const u = cols.indexOf('purpose');
    out.push({ action, path, purpose: u >= 0 ? (cells[u] ?? '') : '' });
  }
  return out;
}

function withNamedPaths(explicit: StoryPath[], lines: string[]): StoryPath[] {
  const out = [...explicit];
  for (const p of namedPaths(lines))
    if (!out.some((x) => x.path === p)) out.push({ action: null, path: p, purpose: '' });
  return out;
}

/** A story file (agentic-dev's template: State, Problem Statement, User Story, Acceptance Criteria, …). */
export function parseStoryFile(source: string, file: string, scope: string, fallbackId: string): Story {
  const { lines, sections } = sectionsOf(source);
  const h1 = sections.find((s) => s.level === 1);
  const m = h1 ? /^(.+?):\s+(.+)$/.exec(h1.title) : null;
  const id = m?.[1]?.trim() ?? fallbackId;
  const state =
    sectionBody(lines, sections, 'state')
      .find((l) => l.trim())
      ?.trim() ?? null;
  const criteria = listItems(sectionBody(lines, sections, 'acceptance criteria'));
  const scenarios = criteria.map((c, i) => {
    const t = c.replace(/^\[[ xX]\]\s*/, '');
    const label = /^(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*(.*)$/.exec(t);
    return label
      ? { name: label[1]!.replace(/:$/, '').trim(), text: label[2]!.trim() }
      : { name: t.length <= 80 ? t : `Criterion ${i + 1}`, text: t };
  });
  return {
    id,
    scope,
    stem: stemOf(id),
    title: m?.[2]?.trim() ?? h1?.title ?? id,
    origin: { kind: 'story', file, line: 1 },
    state: state ? state.replace(/[*_`]/g, '').toUpperCase() : null,
    summary: [
      ...sectionBody(lines, sections, 'problem statement', 'problem'),
      ...(sectionBody(lines, sections, 'user story').length
        ? ['', ...sectionBody(lines, sections, 'user story')]
        : []),
    ],
    scenarios,
    nonFunctional: listItems(sectionBody(lines, sections, 'non-functional requirements')),
    rollback: sectionBody(lines, sections, 'rollback plan', 'rollback'),
    testStrategy: sectionBody(lines, sections, 'test strategy'),
    linked: [
      ...listItems(sectionBody(lines, sections, 'linked adrs')),
      ...listItems(sectionBody(lines, sections, 'linked journeys')),
    ].filter((x) => !/X{3}/.test(x)),
    dependsOn: [],
    paths: withNamedPaths(filesTable(lines), lines),
    source,
  };
}

/** A spec requirement as a story: its statement is the goal, its scenarios the acceptance criteria. */
export function requirementStory(doc: Doc, req: Requirement, issue?: number): Story {
  const id = `${doc.id}/${req.localId ?? req.name}`;
  const lines = doc.scanned.lines.slice(req.start, req.end).map((l) => l.text);
  return {
    id,
    scope: doc.kind === 'extension' ? (doc.baseId ?? doc.id) : doc.id,
    stem: stemOf(id),
    title: req.name,
    origin: { kind: 'requirement', file: doc.file, line: req.line, ...(issue ? { issue } : {}) },
    state: null,
    summary: [req.statement],
    scenarios: req.scenarios.map((s) => ({
      name: s.name,
      text: s.steps.map((x) => `${x.keyword} ${x.text.replace(/\n/g, ' ')}`).join(' '),
    })),
    nonFunctional: [],
    rollback: [],
    testStrategy: [],
    linked: [],
    dependsOn: req.dependsOn.map((d) => d.ref),
    paths: withNamedPaths(filesTable(lines), lines),
    source: lines.join('\n'),
  };
}

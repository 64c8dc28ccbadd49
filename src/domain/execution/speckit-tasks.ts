import { EXIT, PtError, slugify } from '../../base/index.js';
import { checkWorkflow } from './check-workflow.js';
import type { Step, Workflow } from './model.js';

// Spec Kit's tasks.md: `## Phase 3.1: Setup` headings, then task lines such as
// `- [ ] T012 [P] [US1] Create the User model in src/models/user.py`. `[P]` marks a task that may run
// alongside its neighbours; `[x]` a task already done.
const PHASE = /^##\s+Phase\s+[\d.]+:/;
const TASK = /^-\s*\[(.)\]\s*(T\d{3,})\b\s*(\[P\])?\s*(.*?)\s*$/;
const TITLE = /^#\s+(?:Tasks:\s*)?(.+?)\s*$/;

export interface ImportedTasks {
  workflow: Workflow;
  /** Keys of the tasks checked off (`- [x]`) in the file. */
  done: string[];
}

export interface ImportOptions {
  /** The workflow's `effectiveFrom` (YYYY-MM-DD): the import reads no clock. */
  effectiveFrom: string;
  /** Defaults to `wf-` and a slug of the file's `# Tasks:` title (or of the file name). */
  id?: string;
  version?: string;
}

interface Task {
  key: string;
  number: number;
  phase: number;
  parallel: boolean;
  text: string;
  checked: boolean;
  line: number;
  column: number;
}

/**
 * Turns a Spec Kit tasks.md into a workflow: one step per task, ordered by phase (as written) and then
 * task number; `[P]` tasks are parallelizable. Phases run one after the other: a phase that starts with
 * `[P]` tasks waits (`after:`) for the `[P]` tasks the previous phase ends with, which would otherwise
 * launch with them. A task id used twice is refused at its line and column, exit 3.
 */
export function importSpecKitTasks(text: string, file: string, opts: ImportOptions): ImportedTasks {
  const tasks: Task[] = [];
  const seen = new Map<string, Task>();
  let phase = 0;
  let title: string | null = null;
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trimEnd();
    const ph = PHASE.exec(line);
    if (ph) {
      phase++;
      return;
    }
    const t = TITLE.exec(line);
    if (t && title === null) title = t[1]!;
    const m = TASK.exec(line.trimStart());
    if (!m) return;
    const key = m[2]!;
    const column = raw.indexOf(key) + 1;
    const before = seen.get(key);
    if (before)
      throw new PtError(
        'workflow/duplicate-key',
        `task ${key} is listed twice (lines ${before.line} and ${n + 1})`,
        {
          hint: 'Give every task its own id.',
          location: { file, line: n + 1, column },
          exit: EXIT.conflict,
        },
      );
    const task: Task = {
      key,
      number: Number(key.slice(1)),
      phase,
      parallel: m[3] !== undefined,
      text: m[4]!,
      checked: m[1] !== ' ',
      line: n + 1,
      column,
    };
    seen.set(key, task);
    tasks.push(task);
  });
  if (tasks.length === 0)
    throw new PtError('workflow/no-steps', `${file} has no tasks (lines such as "- [ ] T001 Do this")`, {
      hint: 'A Spec Kit tasks.md lists tasks as "- [ ] T001 [P] text" under "## Phase N: Title" headings.',
      location: { file, line: 1, column: 1 },
      exit: EXIT.conflict,
    });
  tasks.sort((a, b) => a.phase - b.phase || a.number - b.number);
  const steps: Step[] = tasks.map((t, i) => ({
    key: t.key,
    order: i + 1,
    parallelizable: t.parallel,
    entryCriteria: [],
    exitCriteria: [t.text],
    responsibleRole: 'implementer',
    supportingTasks: [t.key],
  }));
  // Phase barriers between a trailing and a leading run of [P] tasks.
  for (let i = 1; i < tasks.length; i++) {
    if (tasks[i]!.phase === tasks[i - 1]!.phase || !tasks[i]!.parallel || !tasks[i - 1]!.parallel) continue;
    const trailing: string[] = [];
    for (let j = i - 1; j >= 0 && tasks[j]!.parallel && tasks[j]!.phase === tasks[i - 1]!.phase; j--)
      trailing.unshift(tasks[j]!.key);
    for (let j = i; j < tasks.length && tasks[j]!.parallel && tasks[j]!.phase === tasks[i]!.phase; j++)
      steps[j]!.entryCriteria.push(...trailing.map((k) => `after: ${k}`));
  }
  const name = title ?? file.replace(/^.*[\\/]/, '').replace(/\.md$/i, '');
  const workflow: Workflow = {
    id: opts.id ?? `wf-${slugify(name) || 'tasks'}`,
    name,
    version: opts.version ?? '1.0.0',
    effectiveFrom: opts.effectiveFrom,
    steps,
  };
  checkWorkflow(workflow, file, (path) => {
    const t = typeof path[1] === 'number' ? tasks[path[1]] : undefined;
    return t ? { line: t.line, column: t.column } : { line: 1, column: 1 };
  });
  return { workflow, done: tasks.filter((t) => t.checked).map((t) => t.key) };
}

import { EXIT, PtError } from '../../base/index.js';
import { afterKeys, launchGroups, type Step, type Workflow } from './model.js';

/**
 * Where a step of a work item stands. `pending`: not started (or sent back by a rejection); `running`:
 * an attempt holds it; `gate`: its attempt completed and its gates are not all passed yet; `held`: not to
 * be launched now (a retry waiting out its backoff); `done` and `skipped` let later steps go.
 */
export type StepState = 'pending' | 'running' | 'gate' | 'held' | 'done' | 'skipped';

export interface ScheduleItem {
  /** The requirement issue the work item stands for. */
  issue: number;
  workflow: Workflow;
  /** A cancelled item (its issue superseded) launches nothing and blocks nothing. */
  cancelled?: boolean;
  /** By step key; a step not listed is pending. */
  steps?: Readonly<Record<string, StepState>>;
  /** Issues whose work items must be done (every step done or skipped) before this one starts. */
  blockedBy?: readonly number[];
}

export interface Launch {
  issue: number;
  step: string;
  order: number;
  parallelizable: boolean;
  /** The item's topological rank in the blocked-by graph: 0 for an item nothing blocks. */
  rank: number;
}

/** Why a step that is not done does not launch now. */
export type WaitReason =
  | { reason: 'blocked'; blockedBy: number[] }
  | { reason: 'after'; waitsFor: string }
  | { reason: 'earlier'; waitsFor: string }
  | { reason: 'gate' }
  | { reason: 'held' };

export type Wait = { issue: number; step: string; rank: number } & WaitReason;

export interface Schedule {
  /** The steps to launch now, in launch order. */
  launch: Launch[];
  /** Steps an attempt holds: never preempted, listed in launch order. */
  running: { issue: number; step: string; rank: number }[];
  /** Every other step that is not done, in launch order, with why. */
  waiting: Wait[];
  /** Issues whose items are done, ascending. */
  done: number[];
  cancelled: number[];
}

interface Compiled {
  sorted: Step[];
  group: number[];
  /** For each sorted step, the sorted indexes of the steps it waits for (`after:`). */
  after: number[][];
  keys: Set<string>;
}

// Items share a handful of workflows: each is sorted and grouped once.
const compiledCache = new WeakMap<Workflow, Compiled>();

function compile(wf: Workflow): Compiled {
  const hit = compiledCache.get(wf);
  if (hit) return hit;
  const { sorted, group } = launchGroups(wf.steps);
  const at = new Map(sorted.map((s, i) => [s.key, i]));
  const after = sorted.map((s) =>
    afterKeys(s)
      .map((k) => at.get(k))
      .filter((i): i is number => i !== undefined),
  );
  const c = { sorted, group, after, keys: new Set(at.keys()) };
  compiledCache.set(wf, c);
  return c;
}

const NONE: number[] = [];
const settled = (s: StepState | undefined) => s === 'done' || s === 'skipped';

function refuse(code: string, message: string, hint: string, details?: unknown): PtError {
  return new PtError(code, message, { hint, exit: EXIT.conflict, details });
}

/** The blocked-by links as compressed rows: item i's blockers are `to[start[i]]` up to `to[start[i + 1]]`. */
interface Links {
  start: Int32Array;
  to: Int32Array;
}

/**
 * Topological ranks of the blocked-by graph (Kahn's algorithm, linear in items and links): an item's rank
 * is one more than the highest rank among its blockers. Cancelled items block nothing. A cycle is refused
 * with the issues on it, smallest first.
 */
function ranks(
  items: readonly ScheduleItem[],
  indexOf: Map<number, number>,
): { rank: Int32Array; by: Links } {
  const n = items.length;
  let total = 0;
  for (const it of items) if (!it.cancelled) total += it.blockedBy?.length ?? 0;
  const by: Links = { start: new Int32Array(n + 1), to: new Int32Array(total) };
  // Which item last linked to a blocker: a blocker listed twice is one link.
  const stamp = new Int32Array(n).fill(-1);
  let e = 0;
  for (let i = 0; i < n; i++) {
    by.start[i] = e;
    const it = items[i]!;
    if (it.cancelled) continue;
    for (const b of it.blockedBy ?? []) {
      const j = indexOf.get(b);
      if (j === undefined)
        throw refuse(
          'schedule/unknown-blocker',
          `#${it.issue} is blocked by #${b}, which has no work item`,
          'Give every blocker a work item, or drop the link.',
          { issue: it.issue, blockedBy: b },
        );
      if (items[j]!.cancelled || stamp[j] === i) continue;
      stamp[j] = i;
      by.to[e++] = j;
    }
  }
  by.start[n] = e;
  // The same links the other way round: who each item blocks.
  const usersStart = new Int32Array(n + 1);
  for (let k = 0; k < e; k++) usersStart[by.to[k]! + 1]!++;
  for (let i = 0; i < n; i++) usersStart[i + 1]! += usersStart[i]!;
  const fill = usersStart.slice(0, n);
  const users = new Int32Array(e);
  for (let i = 0; i < n; i++)
    for (let k = by.start[i]!; k < by.start[i + 1]!; k++) users[fill[by.to[k]!]!++] = i;
  const missing = new Int32Array(n);
  for (let i = 0; i < n; i++) missing[i] = by.start[i + 1]! - by.start[i]!;
  const rank = new Int32Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (missing[i] === 0) queue[tail++] = i;
  for (let q = 0; q < tail; q++) {
    const j = queue[q]!;
    for (let k = usersStart[j]!; k < usersStart[j + 1]!; k++) {
      const i = users[k]!;
      if (rank[i]! < rank[j]! + 1) rank[i] = rank[j]! + 1;
      if (--missing[i]! === 0) queue[tail++] = i;
    }
  }
  if (tail < n) throw cycleError(items, by, missing);
  return { rank, by };
}

/** One cycle among the items Kahn's algorithm could not rank, found the same way for the same input. */
function cycleError(items: readonly ScheduleItem[], by: Links, missing: Int32Array): PtError {
  const left = (i: number) => missing[i]! > 0;
  let start = -1;
  for (let i = 0; i < items.length; i++)
    if (left(i) && (start < 0 || items[i]!.issue < items[start]!.issue)) start = i;
  // Every item left has a blocker left; following the smallest one must come round.
  const step = (i: number) => {
    let best = -1;
    for (let k = by.start[i]!; k < by.start[i + 1]!; k++) {
      const j = by.to[k]!;
      if (left(j) && (best < 0 || items[j]!.issue < items[best]!.issue)) best = j;
    }
    return best;
  };
  const pos = new Map<number, number>();
  const path: number[] = [];
  let i = start;
  while (!pos.has(i)) {
    pos.set(i, path.length);
    path.push(i);
    i = step(i);
  }
  const cycle = path.slice(pos.get(i)!).map((k) => items[k]!.issue);
  const m = cycle.indexOf(Math.min(...cycle));
  const issues = [...cycle.slice(m), ...cycle.slice(0, m)];
  return refuse(
    'schedule/cycle',
    `work items block each other in a circle: ${[...issues, issues[0]!].map((x) => `#${x}`).join(' blocked by ')}`,
    'Remove one of the "blocked by" links in the plan.',
    { cycle: issues },
  );
}

/**
 * The schedule: which steps launch now, in what order, and why the others wait. Within a work item
 * steps run by order; a run of consecutive parallelizable steps launches together in ascending order
 * (equal orders by lexical step key); a step that waits for another (`after:`) launches when that one is
 * done; a running step is never preempted. Across items the order is the topological rank of the
 * blocked-by graph, then the issue number. A pure function of its input, whatever order that input is
 * given in: the same items give the same schedule, byte for byte.
 */
export function schedule(items: readonly ScheduleItem[]): Schedule {
  const indexOf = new Map<number, number>();
  items.forEach((it, i) => {
    if (indexOf.has(it.issue))
      throw refuse(
        'schedule/duplicate-item',
        `two work items for issue #${it.issue}`,
        'Keep one item per issue.',
        {
          issue: it.issue,
        },
      );
    indexOf.set(it.issue, i);
  });
  const { rank, by } = ranks(items, indexOf);
  const compiled = items.map((it) => compile(it.workflow));
  const isDone = new Uint8Array(items.length);
  items.forEach((it, i) => {
    const c = compiled[i]!;
    const st = it.steps ?? {};
    let settledCount = 0;
    for (const key in st) {
      if (settled(st[key])) settledCount++;
      if (!c.keys.has(key))
        throw refuse(
          'schedule/unknown-step',
          `#${it.issue} has a state for step "${key}", which workflow ${it.workflow.id} does not have`,
          `Its steps: ${c.sorted.map((s) => s.key).join(', ')}.`,
          { issue: it.issue, step: key },
        );
    }
    // Every key is a step of the workflow (checked above), so counting them is enough.
    isDone[i] = settledCount === c.sorted.length ? 1 : 0;
  });
  const order = items
    .map((_, i) => i)
    .filter((i) => !items[i]!.cancelled && !isDone[i])
    .sort((a, b) => rank[a]! - rank[b]! || items[a]!.issue - items[b]!.issue);
  const out: Schedule = { launch: [], running: [], waiting: [], done: [], cancelled: [] };
  for (const i of order) {
    const it = items[i]!;
    const r = rank[i]!;
    const { sorted, group, after } = compiled[i]!;
    const st = it.steps ?? {};
    let blockers: number[] = NONE;
    for (let k = by.start[i]!; k < by.start[i + 1]!; k++) {
      const j = by.to[k]!;
      if (isDone[j]) continue;
      if (blockers === NONE) blockers = [];
      blockers.push(items[j]!.issue);
    }
    if (blockers.length > 1) blockers.sort((a, b) => a - b);
    // The first launch group with a step not done is the item's current one.
    const first = sorted.findIndex((s) => !settled(st[s.key]));
    const current = group[first]!;
    // Object literals written out in full (no spread): they keep one shape each, which keeps this
    // loop fast on large plans (see BENCHMARKS.md).
    const issue = it.issue;
    for (let k = 0; k < sorted.length; k++) {
      const s = sorted[k]!;
      const state = st[s.key];
      if (state === 'done' || state === 'skipped') continue;
      const step = s.key;
      if (state === 'running') out.running.push({ issue, step, rank: r });
      else if (state === 'gate') out.waiting.push({ issue, step, rank: r, reason: 'gate' });
      else if (state === 'held') out.waiting.push({ issue, step, rank: r, reason: 'held' });
      else if (blockers.length > 0)
        out.waiting.push({ issue, step, rank: r, reason: 'blocked', blockedBy: blockers });
      else if (group[k]! > current)
        out.waiting.push({ issue, step, rank: r, reason: 'earlier', waitsFor: sorted[first]!.key });
      else {
        const open = after[k]!.find((d) => !settled(st[sorted[d]!.key]));
        if (open !== undefined)
          out.waiting.push({ issue, step, rank: r, reason: 'after', waitsFor: sorted[open]!.key });
        else out.launch.push({ issue, step, order: s.order, parallelizable: s.parallelizable, rank: r });
      }
    }
  }
  out.done = items.filter((it, i) => isDone[i] && !it.cancelled).map((it) => it.issue);
  out.done.sort((a, b) => a - b);
  out.cancelled = items.filter((it) => it.cancelled).map((it) => it.issue);
  out.cancelled.sort((a, b) => a - b);
  return out;
}

/**
 * The step states after a gate rejects: the re-entry step and every step from it on are pending again
 * (rework), the earlier ones keep their state.
 */
export function rewind(
  wf: Workflow,
  steps: Readonly<Record<string, StepState>>,
  reentryStepKey: string,
): Record<string, StepState> {
  const { sorted } = compile(wf);
  const from = sorted.findIndex((s) => s.key === reentryStepKey);
  if (from < 0)
    throw refuse(
      'workflow/unknown-step',
      `workflow ${wf.id} has no step "${reentryStepKey}" to go back to`,
      `Its steps: ${sorted.map((s) => s.key).join(', ')}.`,
    );
  const out: Record<string, StepState> = {};
  sorted.forEach((s, k) => {
    const st = steps[s.key];
    if (k >= from) out[s.key] = 'pending';
    else if (st !== undefined) out[s.key] = st;
  });
  return out;
}

import { byRunOrder, type StepState, type Workflow } from '../../domain/execution/index.js';
import {
  type AttemptStatus,
  type GateStatus,
  LIST_STRIDE,
  type ListState,
  readListState,
  type WorkItemStatus,
} from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { attemptStepState } from './states.js';
import { workflowOf } from './workflow-of.js';

export interface WorkRow {
  issue: number;
  title: string;
  status: WorkItemStatus;
  /** The current step (the first one not done), null when the item is done. */
  step: string | null;
  /** Where the step stands; `queued` when its attempt waits for a claim. */
  stepState: StepState | 'queued' | null;
  /** The step's latest attempt. */
  attempt: { id: number; number: number; status: string } | null;
  executor: string | null;
  leaseExpiresAt: string | null;
  /** The step's gates with their status. */
  gates: { key: string; status: string }[];
  /** Blockers not done yet. */
  blockedBy: number[];
}

/** Every work item of the plan, by issue number, with where it stands. Reads the store only. */
export async function workList(app: App): Promise<WorkRow[]> {
  const wf = workflowOf(app);
  return withStore(app, async (s) =>
    listRows(await readListState(s.x.db, s.planKey, { concurrent: s.concurrent }), wf, new Date()),
  );
}

/**
 * The list's rows from what readListState read: the same as the engine's item views give (the
 * differential test holds the two together), computed in one pass over the statement's flat arrays:
 * each item's latest attempts are found through a table of slots (item × workflow step), and a step's
 * state is worked out only for the steps up to the item's current one.
 */
export function listRows(state: ListState, wf: Workflow, now: Date): WorkRow[] {
  const { items, blockers, attempts, gates } = state;
  const { item: LIST_ITEM, blocker: LIST_BLOCKER, attempt: LIST_ATTEMPT, gate: LIST_GATE } = LIST_STRIDE;
  const order = [...wf.steps].sort(byRunOrder);
  const S = order.length;
  const stepIndex = new Map(order.map((st, k) => [st.key, k]));
  const gated = order.map((st) => !!st.gates?.length);
  const at = now.getTime();
  const n = items.length / LIST_ITEM;

  // Done and cancelled items block nothing; neither does a blocker without an item.
  const itemOf = new Map<number, number>();
  const open = new Set<number>();
  for (let i = 0; i < n; i++) {
    const o = i * LIST_ITEM;
    itemOf.set(items[o] as number, i);
    const status = items[o + 2];
    if (status !== 'done' && status !== 'cancelled') open.add(items[o + 1] as number);
  }

  // Each item's blockers as one slice of a shared array (counted, then placed).
  const start = new Int32Array(n + 1);
  const blockerItem = new Int32Array(blockers.length / LIST_BLOCKER);
  for (let b = 0; b < blockerItem.length; b++) {
    const i = itemOf.get(blockers[b * LIST_BLOCKER] as number) ?? -1;
    blockerItem[b] = i;
    if (i >= 0) start[i + 1]!++;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const blocked = new Float64Array(start[n]!);
  for (let b = 0; b < blockerItem.length; b++) {
    const i = blockerItem[b]!;
    if (i >= 0) blocked[fill[i]!++] = blockers[b * LIST_BLOCKER + 1] as number;
  }

  // The latest attempt (highest number) of each (item, workflow step), as its offset in `attempts`; -1
  // for none. A step the workflow no longer has keeps its attempt (a cancelled item may stand there)
  // but no state.
  const later = (o: number, than: number | undefined) =>
    than === undefined || than < 0 || (attempts[o + 2] as number) > (attempts[than + 2] as number);
  const slot = new Int32Array(n * S).fill(-1);
  const retired = new Map<string, number>();
  for (let o = 0; o < attempts.length; o += LIST_ATTEMPT) {
    const i = itemOf.get(attempts[o] as number);
    if (i === undefined) continue;
    const k = stepIndex.get(attempts[o + 4] as string);
    if (k === undefined) {
      const key = `${i}\n${attempts[o + 4] as string}`;
      if (later(o, retired.get(key))) retired.set(key, o);
    } else if (later(o, slot[i * S + k])) slot[i * S + k] = o;
  }
  const gatesOf = new Map<number, { key: string; status: GateStatus }[]>();
  for (let o = 0; o < gates.length; o += LIST_GATE) {
    const g = { key: gates[o + 2] as string, status: gates[o + 1] as GateStatus };
    const list = gatesOf.get(gates[o] as number);
    if (list) list.push(g);
    else gatesOf.set(gates[o] as number, [g]);
  }
  const NONE: readonly { key: string; status: GateStatus }[] = [];
  const stateAt = (o: number, k: number): StepState => {
    const status = attempts[o + 3] as AttemptStatus;
    const held = status === 'queued' && attempts[o + 5] !== null && (attempts[o + 5] as number) > at;
    return attemptStepState(status, held, gatesOf.get(attempts[o + 1] as number) ?? NONE, gated[k]!);
  };

  const rows = new Array<WorkRow>(n);
  for (let i = 0; i < n; i++) {
    const io = i * LIST_ITEM;
    const status = items[io + 2] as WorkItemStatus;
    // The current step: the first in run order not done (a cancelled item stays where it stood).
    let step: string | null = null;
    let k = -1;
    let st: StepState = 'pending';
    if (status === 'cancelled') {
      step = items[io + 3] as string | null;
      k = step === null ? -1 : (stepIndex.get(step) ?? -1);
      const o = k >= 0 ? slot[i * S + k]! : -1;
      if (o >= 0) st = stateAt(o, k);
    } else
      for (let j = 0; j < S; j++) {
        const o = slot[i * S + j]!;
        st = o >= 0 ? stateAt(o, j) : 'pending';
        if (st !== 'done') {
          step = order[j]!.key;
          k = j;
          break;
        }
      }
    const o = step === null ? -1 : k >= 0 ? slot[i * S + k]! : (retired.get(`${i}\n${step}`) ?? -1);
    const aStatus = o >= 0 ? (attempts[o + 3] as AttemptStatus) : null;
    const running = aStatus === 'running';
    let blockedBy: number[] = [];
    if (status !== 'done')
      for (let b = start[i]!; b < start[i + 1]!; b++) if (open.has(blocked[b]!)) blockedBy.push(blocked[b]!);
    if (blockedBy.length > 1) blockedBy = blockedBy.sort((x, y) => x - y);
    rows[i] = {
      issue: items[io + 1] as number,
      title: items[io + 4] as string,
      status,
      step,
      stepState: step === null ? null : aStatus === 'queued' && st === 'pending' ? 'queued' : st,
      attempt:
        o >= 0
          ? { id: attempts[o + 1] as number, number: attempts[o + 2] as number, status: aStatus as string }
          : null,
      executor: running ? (attempts[o + 6] as string | null) : null,
      leaseExpiresAt:
        running && attempts[o + 7] !== null ? new Date(attempts[o + 7] as number).toISOString() : null,
      gates: k >= 0 && o >= 0 ? (gatesOf.get(attempts[o + 1] as number) ?? []) : [],
      blockedBy,
    };
  }
  return rows;
}

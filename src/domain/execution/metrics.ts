import { EXIT, PtError } from '../../base/index.js';
import type { HandoffArtifact } from './handoff.js';
import { lexical } from './model.js';

// Flow metrics over the handoff artifacts (one per event), per work item, per workflow and for the
// whole portfolio. Times are milliseconds; an aggregate of several durations is their median (the
// mean of the two middle ones for an even count), which one slow item does not swing.

export type MetricScope = 'item' | 'workflow' | 'portfolio';

export interface MetricSet {
  scope: MetricScope;
  /** The work item id, the workflow as `name@version`, or `portfolio`. */
  key: string;
  /** First attempt started to baseline integration; for a workflow or the portfolio the median over its integrated items. Null before any item is integrated. */
  leadTime: number | null;
  /** By step key: the median time from an attempt's start to its completion, over the completed attempts. */
  cycleTimePerStep: Record<string, number>;
  /** Work items integrated in the window. */
  throughput: number;
  /** Work items started and not integrated at the end of the window. */
  WIP: number;
  /** Of the work items started, the share with a rejected attempt or gate (0 when none started). */
  reworkRate: number;
}

export interface MetricWindow {
  /** ISO 8601, inclusive. */
  from: string;
  /** ISO 8601, exclusive: events from then on are not counted. */
  to: string;
}

export interface Metrics {
  window: MetricWindow;
  items: MetricSet[];
  workflows: MetricSet[];
  portfolio: MetricSet;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : Math.round((s[m - 1]! + s[m]!) / 2);
}

interface ItemFacts {
  id: string;
  workflow: string;
  started: number | null;
  integrated: number | null;
  reworked: boolean;
  /** Completed attempts' durations by step key. */
  cycles: Map<string, number[]>;
}

function when(ts: string, what: string): number {
  const t = Date.parse(ts);
  if (Number.isNaN(t))
    throw new PtError('metrics/bad-time', `${what} "${ts}" is not an ISO 8601 date-time`, {
      hint: 'Give times as 2026-12-06T00:00:00Z.',
      exit: EXIT.conflict,
    });
  return t;
}

function aggregate(scope: MetricScope, key: string, items: ItemFacts[], from: number, to: number): MetricSet {
  const leads = items.flatMap((i) =>
    i.integrated !== null && i.started !== null ? [i.integrated - i.started] : [],
  );
  const cycles = new Map<string, number[]>();
  for (const i of items)
    for (const [k, ds] of i.cycles) {
      const list = cycles.get(k) ?? [];
      for (const d of ds) list.push(d);
      cycles.set(k, list);
    }
  const started = items.filter((i) => i.started !== null);
  return {
    scope,
    key,
    leadTime: leads.length ? median(leads) : null,
    cycleTimePerStep: Object.fromEntries(
      [...cycles.keys()].sort(lexical).map((k) => [k, median(cycles.get(k)!)]),
    ),
    throughput: items.filter((i) => i.integrated !== null && i.integrated >= from && i.integrated < to)
      .length,
    WIP: started.filter((i) => i.integrated === null).length,
    reworkRate: started.length ? started.filter((i) => i.reworked).length / started.length : 0,
  };
}

/**
 * The metrics of the events before the window's end: per item (by id), per workflow (by name@version)
 * and for the portfolio. The input order does not matter.
 */
export function metrics(events: readonly HandoffArtifact[], window: MetricWindow): Metrics {
  const from = when(window.from, 'from');
  const to = when(window.to, 'to');
  const dated = events
    .map((e) => ({ e, t: when(e.timestamp, 'timestamp') }))
    .filter((x) => x.t < to)
    .sort(
      (a, b) => a.t - b.t || lexical(a.e.attemptId, b.e.attemptId) || lexical(a.e.eventType, b.e.eventType),
    );
  const items = new Map<string, ItemFacts>();
  const startedAt = new Map<string, number>();
  for (const { e, t } of dated) {
    let it = items.get(e.workItemId);
    if (!it) {
      it = {
        id: e.workItemId,
        workflow: `${e.workflow.name}@${e.workflow.version}`,
        started: null,
        integrated: null,
        reworked: false,
        cycles: new Map(),
      };
      items.set(e.workItemId, it);
    }
    switch (e.eventType) {
      case 'attempt-started':
        it.started ??= t;
        startedAt.set(e.attemptId, t);
        break;
      case 'attempt-completed': {
        const s = startedAt.get(e.attemptId);
        if (s === undefined) break;
        const list = it.cycles.get(e.step.key) ?? [];
        list.push(t - s);
        it.cycles.set(e.step.key, list);
        break;
      }
      case 'attempt-rejected':
      case 'gate-rejected':
        it.reworked = true;
        break;
      case 'baseline-integration':
        it.integrated ??= t;
        break;
    }
  }
  const all = [...items.values()].sort((a, b) => lexical(a.id, b.id));
  const byWorkflow = new Map<string, ItemFacts[]>();
  for (const i of all) {
    const list = byWorkflow.get(i.workflow) ?? [];
    list.push(i);
    byWorkflow.set(i.workflow, list);
  }
  return {
    window: { from: window.from, to: window.to },
    items: all.map((i) => aggregate('item', i.id, [i], from, to)),
    workflows: [...byWorkflow.keys()]
      .sort(lexical)
      .map((k) => aggregate('workflow', k, byWorkflow.get(k)!, from, to)),
    portfolio: aggregate('portfolio', 'portfolio', all, from, to),
  };
}

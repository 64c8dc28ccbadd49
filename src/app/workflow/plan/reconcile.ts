import { PtError } from '../../../base/index.js';
import {
  editedOnForge,
  type PlanItem,
  type PlanModel,
  plannedSha,
  withTaskList,
} from '../../../domain/plan/index.js';
import type { ForgeIssue, ForgePort } from '../../../ports/forge/index.js';
import { plannedIssues } from './match.js';

export type RowAction = 'create' | 'update' | 'unchanged' | 'close' | 'skip';

export interface PlanRow {
  number: number | null;
  key: string;
  title: string;
  type: PlanItem['type'];
  action: RowAction;
  state: 'open' | 'closed' | 'new';
  blockedBy: (number | null)[];
  /** The blockers' keys, in the same order: names an issue not created yet (a null in blockedBy). */
  blockedByKeys: string[];
}

export interface PlanReport {
  specId: string;
  rows: PlanRow[];
  labels: { created: string[]; updated: string[] };
  /**
   * Links added, and "blocked by" links removed because the spec no longer declares them (only links
   * between two issues of this plan: a link to an issue outside it is someone else's).
   */
  links: { subIssues: number; blockedBy: number; removed: { issue: number; blocker: number }[] };
  /**
   * Link kinds the forge does not have (GitHub Enterprise Server): without sub-issues each parent
   * issue carries a task list of its issues instead; without dependencies the "Depends on" section
   * of each issue is the only record of what blocks it.
   */
  unsupported: ('sub-issues' | 'dependencies')[];
  writes: number;
  dryRun: boolean;
  /** Issues that carry a marker twice (copied by hand); the lowest number is the one kept. */
  duplicates: number[];
  /** Issues the team edited on the forge whose requirement did not change: left as they are. */
  keptEdits: number[];
  /** Issues the team edited on the forge that were rewritten (their requirement changed, or --refresh). */
  replacedEdits: number[];
}

export interface PlanOptions {
  dryRun?: boolean;
  /** Rewrite every issue to match the spec, even where the team edited one and the spec did not change. */
  refresh?: boolean;
  /** Touch only what extensions add or override (and the base issues they supersede). */
  extensionsOnly?: boolean;
  progress?: (e: { phase: 'issues' | 'links'; done: number; total: number }) => void;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
const unsupported = (e: unknown) => e instanceof PtError && e.code === 'forge/unsupported';

/**
 * Makes the forge match the plan: creates what is missing, updates what changed, closes what an
 * extension superseded, adds missing links. Reads first, writes only differences, so a second run
 * writes nothing, and a run after a crash finishes the job without duplicating an issue.
 */
export async function applyPlan(
  forge: ForgePort,
  model: PlanModel,
  opts: PlanOptions = {},
): Promise<PlanReport> {
  // Where the forge can, the whole plan is one unit (the local forge: one transaction, one commit).
  return forge.batch(() => reconcile(forge, model, opts));
}

async function reconcile(forge: ForgePort, model: PlanModel, opts: PlanOptions = {}): Promise<PlanReport> {
  const dry = !!opts.dryRun;
  const report: PlanReport = {
    specId: model.specId,
    rows: [],
    labels: { created: [], updated: [] },
    links: { subIssues: 0, blockedBy: 0, removed: [] },
    unsupported: [],
    writes: 0,
    dryRun: dry,
    duplicates: [],
    keptEdits: [],
    replacedEdits: [],
  };
  const write = async (f: () => Promise<unknown>) => {
    report.writes++;
    if (!dry) await f();
  };

  const have = new Map((await forge.listLabels()).map((l) => [l.name.toLowerCase(), l]));
  const planned = await plannedIssues(forge, model, new Set(have.keys()));
  const existing = planned.byKey;
  report.duplicates.push(...planned.duplicates);
  // The spec's label under a former ID gives way to its label now.
  const formerLabels = new Set(model.formerLabels.map((l) => l.toLowerCase()));

  // --extensions-only leaves the base spec's issues alone; it needs them to exist to link to.
  const touches = (item: PlanItem) =>
    !opts.extensionsOnly || item.extension !== null || item.supersededBy !== null;
  const tracking = model.items[0]!;
  if (opts.extensionsOnly && !existing.has(tracking.key)) {
    throw new PtError(
      'plan/no-base-plan',
      `${model.specId} has not been planned yet, so there is nothing to extend`,
      {
        hint: 'Run "papertrail plan" without --extensions-only first.',
        exit: 3,
      },
    );
  }

  for (const l of model.labels) {
    const cur = have.get(l.name.toLowerCase());
    if (!cur) {
      report.labels.created.push(l.name);
      await write(() => forge.createLabel(l));
    } else if (cur.color.toLowerCase() !== l.color || cur.description !== l.description) {
      report.labels.updated.push(l.name);
      await write(() => forge.updateLabel(l));
    }
  }

  // Sub-issues of each parent, read once. The first read is also how a forge without sub-issues is
  // found out (GitHub Enterprise Server): from then on parents get a task list instead.
  const links = await forge.listLinks();
  const subs = new Map<number, Set<number>>();
  let noSubIssues = false;
  const subIssuesOf = async (parent: ForgeIssue): Promise<Set<number>> => {
    let have = subs.get(parent.number);
    if (have) return have;
    let list: number[] = [];
    if (parent.number > 0 && !noSubIssues) {
      try {
        list = links ? (links.subIssues.get(parent.number) ?? []) : await forge.listSubIssues(parent.number);
      } catch (e) {
        if (!unsupported(e)) throw e;
        noSubIssues = true;
        report.unsupported.push('sub-issues');
      }
    }
    have = new Set(list);
    subs.set(parent.number, have);
    return have;
  };
  const parents = new Set(model.items.map((x) => x.parent).filter((k): k is string => k !== null));
  // A parent's body waits for the task list (made once every issue exists) where there are no sub-issues.
  const deferred = (item: PlanItem) => noSubIssues && parents.has(item.key);
  const trackingNow = existing.get(tracking.key);
  if (trackingNow) await subIssuesOf(trackingNow);

  const issues = new Map<string, ForgeIssue | null>();
  // A dry run stands in for each issue it would create with a numbered placeholder (negative, so no
  // forge issue has it), so the links to and from that issue are counted as the real run writes them.
  let placeholders = 0;
  const placeholder = (item: PlanItem): ForgeIssue => {
    const n = --placeholders;
    return {
      number: n,
      id: n,
      title: item.title,
      body: item.body,
      state: 'open',
      stateReason: null,
      labels: item.labels,
    };
  };
  const real = (i: ForgeIssue | null | undefined): ForgeIssue | null => (i && i.number > 0 ? i : null);
  let done = 0;
  for (const item of model.items) {
    const cur = existing.get(item.key) ?? null;
    let action: RowAction = 'unchanged';
    let issue: ForgeIssue | null = cur;
    if (!touches(item)) {
      action = cur ? 'unchanged' : 'skip';
    } else if (!cur) {
      if (item.supersededBy) {
        action = 'skip';
      } else {
        action = 'create';
        report.writes++;
        issue = dry
          ? placeholder(item)
          : await forge.createIssue({ title: item.title, body: item.body, labels: item.labels });
        // The tracking issue is the first one there is to ask about sub-issues.
        if (item === tracking) await subIssuesOf(issue);
      }
    } else {
      const labels = [
        ...new Set([...cur.labels.filter((l) => !formerLabels.has(l.toLowerCase())), ...item.labels]),
      ];
      const text = deferred(item) ? {} : textPatch(cur, item, item.body, opts, report);
      const patch = { ...text, ...(!sameSet(labels, cur.labels) ? { labels } : {}) };
      if (Object.keys(patch).length) {
        action = 'update';
        await write(async () => {
          issue = await forge.updateIssue(cur.number, patch);
        });
      }
      if (item.supersededBy && cur.state === 'open') {
        action = 'close';
        await write(async () => {
          issue = await forge.updateIssue(cur.number, { state: 'closed', stateReason: 'not_planned' });
        });
      }
    }
    issues.set(item.key, issue);
    // One row per item, in the same order: later loops index rows by the item's position.
    report.rows.push({
      number: real(issue)?.number ?? null,
      key: item.key,
      title: item.title,
      type: item.type,
      action,
      state: real(issue)?.state ?? 'new',
      blockedBy: [],
      blockedByKeys: [],
    });
    opts.progress?.({ phase: 'issues', done: ++done, total: model.items.length });
  }

  // Links come after every issue exists, so a blocker created later in the list can be linked.
  // Links between two issues of this plan follow the spec; a link to any other issue is left alone.
  const ofPlan = new Map<number, ForgeIssue>();
  for (const i of issues.values()) if (real(i)) ofPlan.set(i!.number, i!);
  let noDependencies = false;
  const blockersOf = async (issue: ForgeIssue, declared: boolean): Promise<Set<number>> => {
    // Nothing to read: an issue not created yet, or one the forge says nothing blocks.
    if (!real(issue) || noDependencies) return new Set();
    if (links) return new Set(links.blockedBy.get(issue.number) ?? []);
    if (!declared && issue.blockedByCount === 0) return new Set();
    try {
      return new Set(await forge.listBlockedBy(issue.number));
    } catch (e) {
      if (!unsupported(e)) throw e;
      noDependencies = true;
      report.unsupported.push('dependencies');
      return new Set();
    }
  };
  for (const [i, item] of model.items.entries()) {
    const issue = issues.get(item.key);
    const row = report.rows[i]!;
    row.blockedBy = item.blockedBy.map((k) => real(issues.get(k))?.number ?? null);
    row.blockedByKeys = item.blockedBy;
    opts.progress?.({ phase: 'links', done: i + 1, total: model.items.length });
    if (!issue || item.supersededBy || !touches(item)) continue;
    if (item.parent) {
      const parent = issues.get(item.parent);
      if (parent) {
        const have = await subIssuesOf(parent);
        if (!noSubIssues && !have.has(issue.number)) {
          report.links.subIssues++;
          await write(() => forge.addSubIssue(parent.number, issue));
        }
      }
    }
    const have = await blockersOf(issue, item.blockedBy.length > 0);
    const want = new Set(item.blockedBy.map((k) => issues.get(k)?.number));
    // Removed first: GitHub allows 50 blockers per issue, and the spec may have swapped one for another.
    for (const b of [...have].sort((x, y) => x - y)) {
      const blocker = ofPlan.get(b);
      if (want.has(b) || !blocker) continue;
      report.links.removed.push({ issue: issue.number, blocker: b });
      await write(() => forge.removeBlockedBy(issue.number, blocker));
    }
    if (noDependencies) continue;
    for (const k of item.blockedBy) {
      const blocker = issues.get(k);
      if (blocker && !have.has(blocker.number)) {
        report.links.blockedBy++;
        await write(() => forge.addBlockedBy(issue.number, blocker));
      }
    }
  }
  // Without sub-issues, each parent's text ends with a task list of its issues, written once all exist.
  if (noSubIssues) {
    for (const [i, item] of model.items.entries()) {
      if (!parents.has(item.key)) continue;
      const cur = issues.get(item.key);
      if (!cur) continue;
      const children = model.items
        .filter((x) => x.parent === item.key && !x.supersededBy)
        .map((x) => ({ item: x, issue: issues.get(x.key) ?? null }));
      const row = report.rows[i]!;
      const patch = textPatch(cur, item, withTaskList(item, children), opts, report);
      if (!Object.keys(patch).length) continue;
      if (row.action === 'unchanged') row.action = 'update';
      await write(() => forge.updateIssue(cur.number, patch));
    }
  }
  // The comment that explains a superseded issue is written once, when it is closed.
  for (const [i, item] of model.items.entries()) {
    const row = report.rows[i]!;
    const over = item.supersededBy ? issues.get(item.supersededBy) : null;
    if (row.action === 'close' && row.number !== null) {
      await write(() =>
        forge.comment(
          row.number!,
          `Superseded by ${over ? `#${over.number}` : item.supersededBy} via extension ${model.items.find((x) => x.key === item.supersededBy)?.extension ?? ''}`.trim(),
        ),
      );
    }
  }
  return report;
}

/**
 * The title and body to write for `item` (planned as `body`). Text the team edited on the forge is
 * kept unless what the plan writes changed (or --refresh); the report records which.
 */
function textPatch(
  cur: ForgeIssue,
  item: PlanItem,
  body: string,
  opts: PlanOptions,
  report: PlanReport,
): { title?: string; body?: string } {
  if (cur.number <= 0) return { body };
  const edited = editedOnForge(cur);
  const rewrite = !edited || opts.refresh || plannedSha(cur.body) !== plannedSha(body);
  if (edited) (rewrite ? report.replacedEdits : report.keptEdits).push(cur.number);
  return {
    ...(rewrite && cur.title !== item.title ? { title: item.title } : {}),
    ...(rewrite && cur.body !== body ? { body } : {}),
  };
}

import { PtError } from '../../../base/index.js';
import {
  editedOnForge,
  type PlanItem,
  type PlanModel,
  plannedSha,
  withTaskList,
} from '../../../domain/plan/index.js';
import type { ForgeIssue, ForgeLabel, ForgePort } from '../../../ports/forge/index.js';
import { LinkReader, real } from './link-reader.js';
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

/** What every step of one reconcile shares. */
interface Run {
  forge: ForgePort;
  model: PlanModel;
  opts: PlanOptions;
  report: PlanReport;
  /** Counts a write in the report, and makes it unless this is a dry run. */
  write: (f: () => Promise<unknown>) => Promise<void>;
  /** Whether this run changes the item (--extensions-only leaves the base spec's issues alone). */
  touches: (item: PlanItem) => boolean;
  links: LinkReader;
  /** Keys of the items that are sub-issue parents (the tracking issue, groups). */
  parents: Set<string>;
  /** Each item's issue once reconciled: the forge's, a dry run's placeholder, or null (skipped). */
  issues: Map<string, ForgeIssue | null>;
  /** Dry-run placeholders handed out so far. */
  placeholders: number;
}

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
  const report = emptyReport(model, !!opts.dryRun);
  const write = async (f: () => Promise<unknown>) => {
    report.writes++;
    if (!report.dryRun) await f();
  };
  const have = new Map((await forge.listLabels()).map((l) => [l.name.toLowerCase(), l]));
  const planned = await plannedIssues(forge, model, new Set(have.keys()));
  report.duplicates.push(...planned.duplicates);
  refuseExtensionsWithoutPlan(model, opts, planned.byKey);
  await syncLabels(forge, model, have, report, write);
  const run: Run = {
    forge,
    model,
    opts,
    report,
    write,
    touches: (item) => !opts.extensionsOnly || item.extension !== null || item.supersededBy !== null,
    links: new LinkReader(forge, await forge.listLinks(), report.unsupported),
    parents: new Set(model.items.map((x) => x.parent).filter((k): k is string => k !== null)),
    issues: new Map(),
    placeholders: 0,
  };
  // Sub-issues of each parent are read once. The first read (the tracking issue's) is also how a forge
  // without sub-issues is found out: from then on parents get a task list instead.
  const tracking = planned.byKey.get(model.items[0]!.key);
  if (tracking) await run.links.subIssuesOf(tracking);
  await syncIssues(run, planned.byKey);
  // Links come after every issue exists, so a blocker created later in the list can be linked.
  await syncLinks(run);
  if (run.links.noSubIssues) await writeTaskLists(run);
  await commentSuperseded(run);
  return report;
}

function emptyReport(model: PlanModel, dryRun: boolean): PlanReport {
  return {
    specId: model.specId,
    rows: [],
    labels: { created: [], updated: [] },
    links: { subIssues: 0, blockedBy: 0, removed: [] },
    unsupported: [],
    writes: 0,
    dryRun,
    duplicates: [],
    keptEdits: [],
    replacedEdits: [],
  };
}

/** --extensions-only leaves the base spec's issues alone; it needs them to exist to link to. */
function refuseExtensionsWithoutPlan(model: PlanModel, opts: PlanOptions, existing: Map<string, ForgeIssue>) {
  if (!opts.extensionsOnly || existing.has(model.items[0]!.key)) return;
  throw new PtError(
    'plan/no-base-plan',
    `${model.specId} has not been planned yet, so there is nothing to extend`,
    {
      hint: 'Run "papertrail plan" without --extensions-only first.',
      exit: 3,
    },
  );
}

/** Creates the labels the forge lacks and updates those whose color or description differ. */
async function syncLabels(
  forge: ForgePort,
  model: PlanModel,
  have: Map<string, ForgeLabel>,
  report: PlanReport,
  write: Run['write'],
): Promise<void> {
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
}

/** One issue per item, created, updated, closed or left as it is; one report row each, in plan order. */
async function syncIssues(run: Run, existing: Map<string, ForgeIssue>): Promise<void> {
  const { model, report, opts } = run;
  let done = 0;
  for (const item of model.items) {
    const { action, issue } = await syncIssue(run, item, existing.get(item.key) ?? null);
    run.issues.set(item.key, issue);
    // One row per item, in the same order: later steps index rows by the item's position.
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
}

async function syncIssue(
  run: Run,
  item: PlanItem,
  cur: ForgeIssue | null,
): Promise<{ action: RowAction; issue: ForgeIssue | null }> {
  if (!run.touches(item)) return { action: cur ? 'unchanged' : 'skip', issue: cur };
  if (cur) return updateIssue(run, item, cur);
  if (item.supersededBy) return { action: 'skip', issue: null };
  return { action: 'create', issue: await createIssue(run, item) };
}

async function createIssue(run: Run, item: PlanItem): Promise<ForgeIssue> {
  run.report.writes++;
  const issue = run.report.dryRun
    ? placeholder(run, item)
    : await run.forge.createIssue({ title: item.title, body: item.body, labels: item.labels });
  // The tracking issue is the first one there is to ask about sub-issues.
  if (item === run.model.items[0]) await run.links.subIssuesOf(issue);
  return issue;
}

/**
 * A dry run stands in for each issue it would create with a numbered placeholder (negative, so no
 * forge issue has it), so the links to and from that issue are counted as the real run writes them.
 */
function placeholder(run: Run, item: PlanItem): ForgeIssue {
  const n = -++run.placeholders;
  return {
    number: n,
    id: n,
    title: item.title,
    body: item.body,
    state: 'open',
    stateReason: null,
    labels: item.labels,
  };
}

/** Brings an existing issue's text and labels up to date, and closes it when an extension superseded it. */
async function updateIssue(
  run: Run,
  item: PlanItem,
  cur: ForgeIssue,
): Promise<{ action: RowAction; issue: ForgeIssue }> {
  let action: RowAction = 'unchanged';
  let issue = cur;
  // The spec's label under a former ID gives way to its label now.
  const former = new Set(run.model.formerLabels.map((l) => l.toLowerCase()));
  const labels = [...new Set([...cur.labels.filter((l) => !former.has(l.toLowerCase())), ...item.labels])];
  // A parent's body waits for the task list (made once every issue exists) where there are no sub-issues.
  const deferred = run.links.noSubIssues && run.parents.has(item.key);
  const text = deferred ? {} : textPatch(cur, item, item.body, run.opts, run.report);
  const patch = { ...text, ...(!sameSet(labels, cur.labels) ? { labels } : {}) };
  if (Object.keys(patch).length) {
    action = 'update';
    await run.write(async () => {
      issue = await run.forge.updateIssue(cur.number, patch);
    });
  }
  if (item.supersededBy && cur.state === 'open') {
    action = 'close';
    await run.write(async () => {
      issue = await run.forge.updateIssue(cur.number, { state: 'closed', stateReason: 'not_planned' });
    });
  }
  return { action, issue };
}

/**
 * Fills each row's blockers and makes the forge's links match the plan: sub-issue links added,
 * "blocked by" links added and removed. Links between two issues of this plan follow the spec; a link
 * to any other issue is left alone.
 */
async function syncLinks(run: Run): Promise<void> {
  const { model, report, issues } = run;
  const ofPlan = new Map<number, ForgeIssue>();
  for (const i of issues.values()) if (real(i)) ofPlan.set(i!.number, i!);
  for (const [i, item] of model.items.entries()) {
    const issue = issues.get(item.key);
    const row = report.rows[i]!;
    row.blockedBy = item.blockedBy.map((k) => real(issues.get(k))?.number ?? null);
    row.blockedByKeys = item.blockedBy;
    run.opts.progress?.({ phase: 'links', done: i + 1, total: model.items.length });
    if (!issue || item.supersededBy || !run.touches(item)) continue;
    await linkToParent(run, item, issue);
    await syncBlockers(run, item, issue, ofPlan);
  }
}

async function linkToParent(run: Run, item: PlanItem, issue: ForgeIssue): Promise<void> {
  const parent = item.parent ? run.issues.get(item.parent) : null;
  if (!parent) return;
  const have = await run.links.subIssuesOf(parent);
  if (run.links.noSubIssues || have.has(issue.number)) return;
  run.report.links.subIssues++;
  await run.write(() => run.forge.addSubIssue(parent.number, issue));
}

async function syncBlockers(
  run: Run,
  item: PlanItem,
  issue: ForgeIssue,
  ofPlan: Map<number, ForgeIssue>,
): Promise<void> {
  const have = await run.links.blockersOf(issue, item.blockedBy.length > 0);
  const want = new Set(item.blockedBy.map((k) => run.issues.get(k)?.number));
  // Removed first: GitHub allows 50 blockers per issue, and the spec may have swapped one for another.
  for (const b of [...have].sort((x, y) => x - y)) {
    const blocker = ofPlan.get(b);
    if (want.has(b) || !blocker) continue;
    run.report.links.removed.push({ issue: issue.number, blocker: b });
    await run.write(() => run.forge.removeBlockedBy(issue.number, blocker));
  }
  if (run.links.noDependencies) return;
  for (const k of item.blockedBy) {
    const blocker = run.issues.get(k);
    if (blocker && !have.has(blocker.number)) {
      run.report.links.blockedBy++;
      await run.write(() => run.forge.addBlockedBy(issue.number, blocker));
    }
  }
}

/** Without sub-issues, each parent's text ends with a task list of its issues, written once all exist. */
async function writeTaskLists(run: Run): Promise<void> {
  const { model, issues } = run;
  for (const [i, item] of model.items.entries()) {
    if (!run.parents.has(item.key)) continue;
    const cur = issues.get(item.key);
    if (!cur) continue;
    const children = model.items
      .filter((x) => x.parent === item.key && !x.supersededBy)
      .map((x) => ({ item: x, issue: issues.get(x.key) ?? null }));
    const row = run.report.rows[i]!;
    const patch = textPatch(cur, item, withTaskList(item, children), run.opts, run.report);
    if (!Object.keys(patch).length) continue;
    if (row.action === 'unchanged') row.action = 'update';
    await run.write(() => run.forge.updateIssue(cur.number, patch));
  }
}

/** The comment that explains a superseded issue is written once, when it is closed. */
async function commentSuperseded(run: Run): Promise<void> {
  const { model, issues } = run;
  for (const [i, item] of model.items.entries()) {
    const row = run.report.rows[i]!;
    const over = item.supersededBy ? issues.get(item.supersededBy) : null;
    if (row.action === 'close' && row.number !== null) {
      await run.write(() =>
        run.forge.comment(
          row.number!,
          `Superseded by ${over ? `#${over.number}` : item.supersededBy} via extension ${model.items.find((x) => x.key === item.supersededBy)?.extension ?? ''}`.trim(),
        ),
      );
    }
  }
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

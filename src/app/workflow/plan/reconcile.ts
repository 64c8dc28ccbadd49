import { PtError } from '../../../base/index.js';
import type { ForgeIssue, ForgePort } from '../../../ports/forge/index.js';
import { editedOnForge, plannedSha } from './marker.js';
import { plannedIssues } from './match.js';
import type { PlanItem, PlanModel } from './model.js';

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
  links: { subIssues: number; blockedBy: number };
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
  return forge.batch ? forge.batch(() => reconcile(forge, model, opts)) : reconcile(forge, model, opts);
}

async function reconcile(forge: ForgePort, model: PlanModel, opts: PlanOptions = {}): Promise<PlanReport> {
  const dry = !!opts.dryRun;
  const report: PlanReport = {
    specId: model.specId,
    rows: [],
    labels: { created: [], updated: [] },
    links: { subIssues: 0, blockedBy: 0 },
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
      }
    } else {
      const labels = [
        ...new Set([...cur.labels.filter((l) => !formerLabels.has(l.toLowerCase())), ...item.labels]),
      ];
      // Text the team edited on the forge is kept unless the requirement itself changed (or --refresh).
      const edited = editedOnForge(cur);
      const rewrite = !edited || opts.refresh || plannedSha(cur.body) !== plannedSha(item.body);
      const patch = {
        ...(rewrite && cur.title !== item.title ? { title: item.title } : {}),
        ...(rewrite && cur.body !== item.body ? { body: item.body } : {}),
        ...(!sameSet(labels, cur.labels) ? { labels } : {}),
      };
      if (edited) (rewrite ? report.replacedEdits : report.keptEdits).push(cur.number);
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
  const links = forge.listLinks ? await forge.listLinks() : null;
  const subs = new Map<number, Set<number>>();
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
        // An issue not created yet has no links to read.
        if (!subs.has(parent.number))
          subs.set(
            parent.number,
            new Set(
              !real(parent)
                ? []
                : links
                  ? (links.subIssues.get(parent.number) ?? [])
                  : await forge.listSubIssues(parent.number),
            ),
          );
        if (!subs.get(parent.number)!.has(issue.number)) {
          report.links.subIssues++;
          await write(() => forge.addSubIssue(parent.number, issue));
        }
      }
    }
    if (item.blockedBy.length) {
      const have = new Set(
        !real(issue)
          ? []
          : links
            ? (links.blockedBy.get(issue.number) ?? [])
            : await forge.listBlockedBy(issue.number),
      );
      for (const k of item.blockedBy) {
        const blocker = issues.get(k);
        if (blocker && !have.has(blocker.number)) {
          report.links.blockedBy++;
          await write(() => forge.addBlockedBy(issue.number, blocker));
        }
      }
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

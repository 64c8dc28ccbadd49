import type { ForgeIssue, ForgePort } from '../../../ports/forge/index.js';
import { markerOf } from './marker.js';
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
  opts: { dryRun?: boolean; progress?: (done: number, total: number) => void } = {},
): Promise<PlanReport> {
  // Where the forge can, the whole plan is one unit (the local forge: one transaction, one commit).
  return forge.batch ? forge.batch(() => reconcile(forge, model, opts)) : reconcile(forge, model, opts);
}

async function reconcile(
  forge: ForgePort,
  model: PlanModel,
  opts: { dryRun?: boolean; progress?: (done: number, total: number) => void } = {},
): Promise<PlanReport> {
  const dry = !!opts.dryRun;
  const report: PlanReport = {
    specId: model.specId,
    rows: [],
    labels: { created: [], updated: [] },
    links: { subIssues: 0, blockedBy: 0 },
    writes: 0,
    dryRun: dry,
    duplicates: [],
  };
  const write = async (f: () => Promise<unknown>) => {
    report.writes++;
    if (!dry) await f();
  };

  const have = new Map((await forge.listLabels()).map((l) => [l.name.toLowerCase(), l]));
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

  const specLabel = model.labels[0]!.name;
  const existing = new Map<string, ForgeIssue>();
  for (const i of (await forge.listIssues({ label: specLabel })).sort((a, b) => a.number - b.number)) {
    const key = markerOf(i.body);
    if (!key) continue;
    if (existing.has(key)) report.duplicates.push(i.number);
    else existing.set(key, i);
  }

  const issues = new Map<string, ForgeIssue | null>();
  let done = 0;
  for (const item of model.items) {
    const cur = existing.get(item.key) ?? null;
    let action: RowAction = 'unchanged';
    let issue: ForgeIssue | null = cur;
    if (!cur) {
      if (item.supersededBy) {
        action = 'skip';
      } else {
        action = 'create';
        report.writes++;
        issue = dry
          ? null
          : await forge.createIssue({ title: item.title, body: item.body, labels: item.labels });
      }
    } else {
      const labels = [...new Set([...cur.labels, ...item.labels])];
      const patch = {
        ...(cur.title !== item.title ? { title: item.title } : {}),
        ...(cur.body !== item.body ? { body: item.body } : {}),
        ...(!sameSet(labels, cur.labels) ? { labels } : {}),
      };
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
      number: issue?.number ?? null,
      key: item.key,
      title: item.title,
      type: item.type,
      action,
      state: issue ? issue.state : 'new',
      blockedBy: [],
    });
    opts.progress?.(++done, model.items.length);
  }

  // Links come after every issue exists, so a blocker created later in the list can be linked.
  const links = forge.listLinks ? await forge.listLinks() : null;
  const subs = new Map<number, Set<number>>();
  for (const [i, item] of model.items.entries()) {
    const issue = issues.get(item.key);
    const row = report.rows[i]!;
    row.blockedBy = item.blockedBy.map((k) => issues.get(k)?.number ?? null);
    if (!issue || item.supersededBy) continue;
    if (item.parent) {
      const parent = issues.get(item.parent);
      if (parent) {
        if (!subs.has(parent.number))
          subs.set(
            parent.number,
            new Set(
              links ? (links.subIssues.get(parent.number) ?? []) : await forge.listSubIssues(parent.number),
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
        links ? (links.blockedBy.get(issue.number) ?? []) : await forge.listBlockedBy(issue.number),
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

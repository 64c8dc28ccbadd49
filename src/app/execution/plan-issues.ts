import { markerOf } from '../../domain/plan/index.js';
import type { ForgePort } from '../../ports/forge/index.js';

/** A requirement issue of the plan, as the forge has it now. */
export interface PlanIssue {
  issue: number;
  title: string;
  /** The requirement key plan wrote into the issue (`SPEC-0001/REQ-001`). */
  requirement: string;
  open: boolean;
  blockedBy: number[];
}

/**
 * The plan's requirement issues on the forge (the spec's issues plan made, the tracking issue left
 * out) with their "blocked by" links, by issue number. Read in one request for the links where the
 * forge can, else one per issue.
 */
export async function readPlanIssues(forge: ForgePort, specId: string): Promise<PlanIssue[]> {
  const all = await forge.listIssues({ label: `spec:${specId}` });
  const reqs = all
    .filter((i) => !i.labels.includes('tracking') && markerOf(i.body))
    .sort((a, b) => a.number - b.number);
  const links = await forge.listLinks();
  const out: PlanIssue[] = [];
  for (const i of reqs) {
    const blockedBy = links ? (links.blockedBy.get(i.number) ?? []) : await forge.listBlockedBy(i.number);
    out.push({
      issue: i.number,
      title: i.title,
      requirement: markerOf(i.body)!,
      open: i.state === 'open',
      blockedBy: [...new Set(blockedBy)].sort((a, b) => a - b),
    });
  }
  return out;
}

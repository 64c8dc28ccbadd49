import type { ForgeLabel } from '../../../ports/forge/index.js';

export type PlanItemType = 'tracking' | 'group' | 'requirement' | 'override';

/** One issue the plan wants to exist, keyed by the stable ID written in its hidden marker. */
export interface PlanItem {
  key: string;
  type: PlanItemType;
  title: string;
  body: string;
  labels: string[];
  /** Keys of the items that block this one. */
  blockedBy: string[];
  /** Key of the tracking item (sub-issue parent), null for the tracking item itself. */
  parent: string | null;
  /** For a base requirement replaced by an extension: the override's key; the issue gets closed. */
  supersededBy: string | null;
  /** The extension that added or overrode it. */
  extension: string | null;
  name: string;
}

export interface PlanModel {
  specId: string;
  specTitle: string;
  labels: ForgeLabel[];
  /** In creation order: the tracking issue, then requirements in document order. */
  items: PlanItem[];
}

// The issues, labels and links a spec calls for, as data: what plan makes a forge match. It names no
// forge; a label here has the shape every forge's label has.

/** A label the plan wants on the forge; color is six hex digits, no #. */
export interface PlanLabel {
  name: string;
  color: string;
  description: string;
}

export type PlanItemType = 'tracking' | 'group' | 'requirement' | 'override';

/** One issue the plan wants to exist, keyed by the stable ID written in its hidden marker. */
export interface PlanItem {
  key: string;
  /**
   * Keys an earlier plan may have written for the same item, before the spec or the requirement had
   * its ID: an issue found under one of them is this item's issue (its marker is then rewritten).
   */
  aliases: string[];
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
  labels: PlanLabel[];
  /** `spec:` labels an earlier plan of this spec used, under an ID it had then (their issues are read too). */
  formerLabels: string[];
  /** In creation order: the tracking issue, then requirements in document order. */
  items: PlanItem[];
}

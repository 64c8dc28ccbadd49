import type { DocKind } from '../docs/index.js';

export type NodeKind = DocKind | 'requirement';

export interface GraphNode {
  /**
   * A document's ID (`SPEC-0001`), or `<doc>/<local ID>` (`SPEC-0001/REQ-003`) for a requirement, or
   * `<doc>#<name>` for a requirement without a local ID yet. A second file claiming a taken ID gets
   * a `~2` suffix (`SPEC-0003~2`), so parallel branches that picked the same number stay visible.
   */
  id: string;
  kind: NodeKind;
  /** Document title or requirement name. */
  label: string;
  file: string;
  line: number;
  column: number;
  status?: string;
  /** Requirements only: the node ID of the owning document. */
  parent?: string;
  /** Requirements only: the local ID as written (`REQ-003`). */
  localId?: string;
}

/** Declaration order is also the display order of edge groups (trace, renderers). */
export const EDGE_TYPES = [
  'implements',
  'extends',
  'depends_on',
  'superseded_by',
  'conforms_to',
  'has_requirement',
  'requires',
  'overrides',
] as const;

export type EdgeType = (typeof EDGE_TYPES)[number];

export interface GraphEdge {
  from: string;
  to: string;
  type: EdgeType;
  /** Where the link is written: the file of `from`. */
  file: string;
  line: number;
  column: number;
}

/** A link whose target does not exist. `candidates` are refs that would resolve, closest first. */
export interface UnresolvedRef {
  from: string;
  ref: string;
  type: EdgeType;
  file: string;
  line: number;
  column: number;
  candidates?: string[];
}

export interface Occurrence {
  node: string;
  file: string;
  line: number;
  column: number;
}

/** One ID claimed more than once. The first occurrence kept the plain ID; the rest carry suffixes. */
export interface DuplicateId {
  id: string;
  kind: NodeKind;
  occurrences: Occurrence[];
}

/** Plain data, sorted by ID, so it serialises and compares as is. Treat it as immutable. */
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  unresolved: UnresolvedRef[];
  duplicates: DuplicateId[];
}

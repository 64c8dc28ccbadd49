// Parsed shapes of an OpenSpec tree. Requirement identity in OpenSpec is the header text, so every
// model keeps names exactly as written (closing #s and surrounding blanks removed) plus a position.

export interface Pos {
  line: number;
  column: number;
}

/**
 * A line OpenSpec and Markdown read differently: `missing-space` (`###Requirement: X`),
 * `markdown-only` (a header Markdown renders but OpenSpec does not see, e.g. indented or inside
 * what OpenSpec takes for a fence), `openspec-only` (the reverse), `closing-hashes` (a section
 * header like `## Requirements ##`, which OpenSpec does not recognise as that section).
 */
export interface MalformedHeader extends Pos {
  kind: 'missing-space' | 'markdown-only' | 'openspec-only' | 'closing-hashes';
  /** The line as written, trimmed. */
  text: string;
}

export interface ScenarioRef extends Pos {
  /** The header text without `####` and without a leading `Scenario:`. */
  name: string;
  /** OpenSpec ignores a scenario header with nothing under it. */
  hasBody: boolean;
}

/**
 * A `### Requirement: <name>` block as archive reads it: from its header to the next
 * `### Requirement:` header or the end of the `##` section.
 */
export interface RequirementBlock extends Pos {
  name: string;
  /** Body text before the first sub-header, `**Key**:` metadata lines dropped; '' when there is none. */
  body: string;
  bodyLine: number | null;
  scenarios: ScenarioRef[];
  /** The block's Markdown, header included, trailing blank lines dropped. */
  raw: string;
  /** Line indices [start, end) of the block in its file. */
  start: number;
  end: number;
}

/** A heading directly under the Requirements section: what `openspec show` counts as a requirement. */
export interface SectionRequirement extends Pos {
  /** Requirement name for canonical headers, otherwise the whole header text. */
  name: string;
  /** True for `### Requirement: <name>`; any other child heading is a requirement to OpenSpec too. */
  canonical: boolean;
  /** Requirement text: body, or the header title when the body is empty (OpenSpec's fallback). */
  text: string;
  scenarios: ScenarioRef[];
}

export interface HeaderRef extends Pos {
  title: string;
  level: number;
}

export interface Section extends HeaderRef {
  /** Trimmed text under the header up to the next header of the same or a higher level. */
  text: string;
  /** Line of the first non-blank line of `text`, or null when empty. */
  textLine: number | null;
  /** The section's lines outside fenced code, blank ones included: what a reader sees as prose. */
  prose: { line: number; text: string }[];
}

export type StructureIssueKind = 'delta-header' | 'requirement-outside' | 'duplicate-requirement';

export interface StructureIssue extends Pos {
  kind: StructureIssueKind;
  /** The header line as written. */
  header: string;
  /** For duplicates: the line of the first declaration. */
  firstLine?: number;
}

/** A main spec, `openspec/specs/<capability-path>/spec.md`. */
export interface OpenSpecSpec {
  file: string;
  /** Text of the first `#` header, if any (OpenSpec ignores it). */
  title: string | null;
  purpose: Section | null;
  requirementsSection: HeaderRef | null;
  /** Every child header of the Requirements section. */
  requirements: SectionRequirement[];
  /** The `### Requirement:` blocks inside `## Requirements`, as archive and validate's keyword check read them. */
  blocks: RequirementBlock[];
  structure: StructureIssue[];
  /** Header lines OpenSpec and Markdown disagree on. */
  malformed: MalformedHeader[];
}

export type DeltaOp = 'ADDED' | 'MODIFIED' | 'REMOVED' | 'RENAMED';
export const DELTA_OPS: readonly DeltaOp[] = ['ADDED', 'MODIFIED', 'REMOVED', 'RENAMED'];

export interface DeltaSection extends Pos {
  op: DeltaOp;
  /** The header text as written (`ADDED Requirements`, `Added Requirements`). */
  title: string;
}

export interface NameRef extends Pos {
  name: string;
}

export interface Rename extends Pos {
  from: string;
  to: string;
  toLine: number;
  toColumn: number;
}

export interface UnpairedRename extends Pos {
  side: 'FROM' | 'TO';
  name: string;
}

export interface OrphanRequirement extends Pos {
  name: string;
  /** The `##` section it sits under, or null when above the first one. */
  section: string | null;
}

export interface SkippedHeader extends Pos {
  header: string;
  section: string;
}

/** A delta spec, `openspec/changes/<id>/specs/<capability-path>/spec.md`. */
export interface DeltaSpec {
  file: string;
  purpose: Section | null;
  sections: DeltaSection[];
  added: RequirementBlock[];
  modified: RequirementBlock[];
  removed: NameRef[];
  renamed: Rename[];
  unpairedRenames: UnpairedRename[];
  orphans: OrphanRequirement[];
  skippedHeaders: SkippedHeader[];
  malformed: MalformedHeader[];
}

export function deltaEntryCount(d: DeltaSpec): number {
  return d.added.length + d.modified.length + d.removed.length + d.renamed.length;
}

import type { Finding } from '../findings/index.js';
import type { Frontmatter, Scanned } from '../markdown/index.js';

export type DocKind = 'proposal' | 'spec' | 'extension' | 'standard';

export const STATUSES: Record<DocKind, readonly string[]> = {
  proposal: ['draft', 'review', 'approved', 'rejected', 'superseded'],
  spec: ['draft', 'review', 'approved', 'implemented', 'deprecated'],
  extension: ['draft', 'review', 'approved', 'implemented', 'deprecated'],
  standard: ['draft', 'review', 'approved', 'deprecated', 'superseded'],
};

export const IMPLEMENTATION_STATUSES = ['planned', 'in-progress', 'complete'] as const;

export interface Pos {
  line: number;
  column: number;
}

export type StepKeyword = 'GIVEN' | 'WHEN' | 'THEN' | 'AND' | 'BUT';

export interface Step extends Pos {
  keyword: StepKeyword;
  text: string;
}

export interface Scenario extends Pos {
  name: string;
  steps: Step[];
  /** Line indices of the scenario block: [heading, end). */
  start: number;
  end: number;
}

export interface Ref extends Pos {
  ref: string;
}

export type RequirementRole = 'base' | 'added' | 'override';

/**
 * A `**Label:**` block of a requirement besides its statement and scenarios (`**Configuration:**`,
 * `**Behavior:**`, `**Files:**`…): the label line and what follows it up to the next label, a rule or
 * the first scenario, as written.
 */
export interface RequirementDetail extends Pos {
  label: string;
  /** The block's Markdown, verbatim, without trailing blank lines. */
  text: string;
}

export interface Requirement extends Pos {
  name: string;
  /** The stable local ID written in the file (`REQ-003`), or null when none is written yet. */
  localId: string | null;
  idPos: Pos | null;
  statement: string;
  statementPos: Pos | null;
  scenarios: Scenario[];
  dependsOn: Ref[];
  /** For overrides: the base requirement this one replaces. */
  replaces: (Ref & { from: string | null }) | null;
  role: RequirementRole;
  /** The requirement's other labelled blocks, in the order written. */
  details: RequirementDetail[];
  /** Line indices of the requirement block: [heading, end). */
  start: number;
  end: number;
  /** Index of the last line of the preamble (before the first scenario). */
  preambleEnd: number;
}

export interface Section extends Pos {
  title: string;
  level: number;
  /** Line indices: [heading, end). */
  start: number;
  end: number;
  /** Source offsets of the text under the heading, up to the end of the section's last line. */
  textStart: number;
  textEnd: number;
}

export interface Option extends Pos {
  title: string;
  pros: string[];
  cons: string[];
}

export interface DocRef extends Pos {
  id: string;
  via: 'implements' | 'extends' | 'depends_on' | 'spec-dependencies' | 'superseded_by' | 'standards';
}

export interface Implementation {
  repo: string;
  status: string;
  link?: string;
}

export interface Doc {
  kind: DocKind;
  /** Absolute path. */
  path: string;
  /** Path relative to the workspace root, forward slashes. */
  file: string;
  source: string;
  /** ID taken from the file name (PROP-0001, SPEC-0001-EXT-0002), or null if the name does not match. */
  fileId: string | null;
  /** The document's ID: from the file name, else frontmatter `id`, else the `# ID: Title` heading, else as recorded. */
  id: string;
  number: number | null;
  /** For extensions: the base spec ID from the file name. */
  baseId: string | null;
  slug: string | null;
  fm: Frontmatter | null;
  data: Record<string, unknown>;
  title: string | null;
  titlePos: Pos | null;
  /** The H1 text as written. */
  heading: string | null;
  status: string | null;
  sections: Section[];
  requirements: Requirement[];
  /** requirements.length, known without reading the requirements' bodies. */
  requirementCount: number;
  options: Option[];
  refs: DocRef[];
  implementations: Implementation[];
  scanned: Scanned;
  problems: Finding[];
}

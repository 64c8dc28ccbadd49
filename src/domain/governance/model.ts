// The governance vocabulary: the governance panel's six roles, machine-checkable rules, the documents
// they run against (targets), and what a check reports (findings).

export const ROLES = ['Security', 'Architect', 'QA', 'Docs', 'Compliance', 'Observability'] as const;
export type Role = (typeof ROLES)[number];

/** What each role of the governance panel answers for; also given to the AI reviewer. */
export const ROLE_DUTY: Record<Role, string> = {
  Architect: 'the design matches the story and the system architecture',
  Security: 'all security protocols are followed (authentication, authorization, secrets)',
  QA: 'the testing strategy covers the key user flows and every acceptance scenario',
  Docs: 'documentation updates are planned',
  Compliance: 'the plan meets regulatory and project rules',
  Observability: 'logging and monitoring are sufficient',
};

export type Blocking = 'blocking' | 'advisory';

export type TargetKind = 'runbook' | 'story' | 'spec' | 'plan';
export const TARGET_KINDS: readonly TargetKind[] = ['runbook', 'story', 'spec', 'plan'];

export interface Pos {
  line: number;
  column: number;
}

/** Where a check looks: the whole document, one section (by heading), or each proposed change on its own. */
export type Scope = { kind: 'document' } | { kind: 'section'; name: string } | { kind: 'each-change' };

export type Check = (
  | { kind: 'section'; name: string }
  | { kind: 'step'; re: RegExp; source: string; scope: Scope }
  | { kind: 'pattern'; re: RegExp; source: string; scope: Scope }
  | { kind: 'absent'; re: RegExp; source: string; scope: Scope }
  | { kind: 'no-secrets'; scope: Scope }
) & {
  pos: Pos;
  /** The rule author's own words for a failure, used instead of the generated message. */
  message?: string;
};

export interface When {
  /** Globs: the rule applies when a touched path matches one of them. */
  paths: string[];
  /** The rule applies when the document text matches. */
  text: { re: RegExp; source: string } | null;
}

export interface Rule {
  id: string;
  role: Role;
  severity: Blocking;
  title: string;
  appliesTo: TargetKind[];
  when: When | null;
  require: Check[];
  /** The rule's Markdown body: why it exists, for people and for the AI reviewer. */
  prose: string;
  /** Workspace-relative file, forward slashes ("(built-in)" for Papertrail's own rules). */
  file: string;
  line: number;
}

/** A proposed change of a runbook (or a path a story or spec names). */
export interface Change {
  action: 'MODIFY' | 'NEW' | 'DELETE';
  path: string;
  /** Line indices of the change block: [heading, end). */
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface TargetSection {
  title: string;
  level: number;
  /** Line indices: [heading, end). */
  start: number;
  end: number;
  line: number;
}

/** A document as rules see it: its lines, sections, list items and the paths it touches. */
export interface Target {
  kind: TargetKind;
  file: string;
  lines: string[];
  /** Line indices rules must not read (the panel's own findings, the acceptance record). */
  hidden: Set<number>;
  sections: TargetSection[];
  changes: Change[];
  /** Paths touched: the changes' paths, plus paths the document names in backticks. */
  paths: string[];
}

export interface GovFinding {
  rule: string;
  /** null for a broken rule file whose role could not be read: it holds back every role. */
  role: Role | null;
  severity: Blocking;
  /** 'rule' for deterministic rules (the team's or built-in), 'ai' for the optional AI reviewer. */
  source: 'rule' | 'ai';
  message: string;
  /** Where the problem is: the document checked (or the broken rule file). */
  file: string;
  line: number;
  column: number;
  hint?: string;
  /** The rule file that produced the finding. */
  ruleFile?: string;
}

// The vocabulary of runs: what a run template says, and what a run of it is made of.

export const ENVS = ['dev', 'staging', 'prod'] as const;
export type Env = (typeof ENVS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * Why a template is as risky as it says. BLOCKING codes need a person's approval in prod whatever the
 * level; the others describe.
 */
export const RISK_CODES = [
  'PROD_CHANGE',
  'DATABASE_MIGRATIONS',
  'SCHEMA_DESTRUCTIVE',
  'DEPENDENCY_UPDATE',
  'CODE_CHANGE',
  'DOCS_ONLY',
  'READ_ONLY',
  'IDEMPOTENT',
] as const;
export type RiskCode = (typeof RISK_CODES)[number];
export const BLOCKING_CODES: readonly RiskCode[] = ['SCHEMA_DESTRUCTIVE'];

export const INPUT_TYPES = ['string', 'number', 'boolean', 'choice'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export interface TemplateInput {
  name: string;
  type: InputType;
  description?: string;
  required: boolean;
  default?: string | number | boolean;
  choices?: string[];
}

export interface PrFile {
  path: string;
  content: string;
}

/**
 * A question for the language model: its answer is `${{ steps.ID.answer }}` for the steps after it.
 * `fallback` is the answer when no model is configured; without one such a step is refused.
 */
export interface AskSpec {
  prompt: string;
  system?: string;
  maxTokens?: number;
  fallback?: string;
}

/**
 * One thing a run does: a Papertrail verb, a shell command, a pull request, a security triage, a
 * question for a language model, or a deploy.
 */
export type Step =
  | { kind: 'verb'; id: string; title: string; verb: string; with: Record<string, string> }
  | { kind: 'command'; id: string; title: string; run: string; timeoutSeconds: number }
  | {
      kind: 'pr';
      id: string;
      title: string;
      pr: { title: string; body: string; branch: string; base?: string; files: PrFile[] };
    }
  | {
      kind: 'security';
      id: string;
      title: string;
      /** The file of `npm audit --json`; empty with the `dependabot` source. */
      audit: string;
      /** Where the findings come from: `npm-audit` (the file) unless the template says `dependabot`. */
      source?: SecuritySource;
    }
  | { kind: 'ask'; id: string; title: string; ask: AskSpec }
  | { kind: 'deploy'; id: string; title: string; deploy: DeploySpec };

/**
 * A deploy of `ref` to one of papertrail.yaml's `environments`: serialised per environment, checked
 * before and after, retried or rolled back as the environment says. Both may be `\${{ inputs.X }}`.
 */
export interface DeploySpec {
  environment: string;
  ref: string;
}

/** The inputs of the security split: a file of `npm audit --json`, or the forge's Dependabot alerts. */
export const SECURITY_SOURCES = ['npm-audit', 'dependabot'] as const;
export type SecuritySource = (typeof SECURITY_SOURCES)[number];

export interface Phase {
  name: string;
  steps: Step[];
}

export interface RunTemplate {
  slug: string;
  title: string;
  description: string;
  kind: string;
  /** Words of a typed intent that pick this template. */
  keywords: string[];
  risk: { level: RiskLevel; codes: RiskCode[] };
  inputs: TemplateInput[];
  /** The CI checks a pull request of this template's runs waits on: gates "CI: <name>". */
  checks: string[];
  phases: Phase[];
}

/**
 * The verbs a run can call, each with the `with:` keys it takes: handed to the template parser by the
 * face that wires them, so a template naming another is refused when it is loaded.
 */
export type CallableVerbs = Readonly<Record<string, readonly string[]>>;

/** Where a template came from: built in, or a file of the workspace (its path). */
export interface LoadedTemplate {
  template: RunTemplate;
  source: string;
  yaml: string;
}

export const GATE_STATUSES = ['pending', 'pass', 'fail', 'skipped'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

export const RUN_STATUSES = ['waiting', 'queued', 'running', 'success', 'error', 'canceled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const APPROVAL_GATE = 'Manual Approval';
export const SECURITY_REVIEW_GATE = 'Security Review';

/** The gate a check is shown as: "CI: Tests" for the check "Tests". */
export const checkGate = (check: string): string => `CI: ${check}`;

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import * as v from 'valibot';
import { cachedConfig } from './config-cache.js';
import { PtError } from './errors.js';
import { parseFrontmatterFast } from './fast-yaml.js';
import { readText } from './read-text.js';
import { configSecrets, registerConfigSecrets } from './redact.js';
import { schemaError } from './schema-error.js';
import { parseYamlInput } from './yaml-input.js';

export const CONFIG_FILE = 'papertrail.yaml';

const Prefix = v.pipe(
  v.string(),
  v.regex(
    /^[A-Z][A-Z0-9]{0,9}$/,
    'an ID prefix is 1-10 upper-case letters or digits, starting with a letter',
  ),
);

const NonEmpty = v.pipe(v.string(), v.minLength(1, 'must not be empty'));

/** Whole numbers from `min` to `max`, with the unit in the message. */
const whole = (min: number, max: number, unit: string) =>
  v.pipe(
    v.number(),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min} ${unit}`),
    v.maxValue(max, `must be at most ${max} ${unit}`),
  );

/** Postgres' integer milliseconds: leases and backoffs are stored as such, a little under 25 days. */
const MAX_MS = 2_147_483_647;
const MAX_SECONDS = Math.floor(MAX_MS / 1000);

// Where the executors' record lives when there is no database: a branch of a git remote, each claim a
// commit pushed there (a refused push means another executor claimed first). With it, `work` verbs
// read and write the ledger instead of the store.
const LedgerSchema = v.strictObject({
  remote: v.optional(NonEmpty, 'origin'),
  branch: v.optional(
    v.pipe(v.string(), v.regex(/^[\w./-]+$/, 'a branch name of letters, digits, . _ / -')),
    'papertrail/ledger',
  ),
});

const Labels = v.pipe(
  v.array(v.pipe(v.string(), v.trim(), v.minLength(1, 'a runner label must not be empty'))),
  v.minLength(1, 'name at least one runner label'),
);

/** A deploy or rollback: a command run where Papertrail runs, or a workflow dispatched on GitHub. */
const ActionSchema = v.pipe(
  v.strictObject({
    command: v.optional(NonEmpty),
    // A workflow file of .github/workflows (on GitHub), dispatched with the inputs `environment`,
    // `ref`, `run` and `runner_labels` (a JSON array its jobs' runs-on reads).
    workflow: v.optional(NonEmpty),
    // Safe to run again after a failure: only then is a failed deploy retried instead of rolled back.
    idempotent: v.optional(v.boolean(), false),
    retries: v.optional(whole(0, 10, 'retries'), 0),
  }),
  v.check((a) => (a.command === undefined) !== (a.workflow === undefined), 'give either command or workflow'),
);

const HealthSchema = v.pipe(
  v.strictObject({
    name: v.optional(NonEmpty),
    command: v.optional(NonEmpty),
    url: v.optional(v.pipe(v.string(), v.url('must be a URL'))),
    expectStatus: v.optional(whole(100, 599, 'as an HTTP status'), 200),
    timeoutSeconds: v.optional(whole(1, 3600, 'seconds'), 30),
  }),
  v.check((h) => (h.command === undefined) !== (h.url === undefined), 'give either command or url'),
);

// A place deploys go: the runner pools that may run them (the primary labels, and a pre-approved
// secondary pool with the controls both share), whether a deploy waits for approval, health checks,
// time limits, and the deploy and rollback.
const EnvironmentSchema = v.strictObject({
  runners: v.optional(
    v.strictObject({
      primary: Labels,
      // Pre-approved failover pool; without it a deploy whose primary runners are down fails fast.
      secondary: v.optional(Labels),
      controls: v.optional(v.array(NonEmpty), []),
    }),
  ),
  // risk: as the control room's risk rule says; always / never: regardless of risk.
  approval: v.optional(v.picklist(['risk', 'always', 'never']), 'risk'),
  // A deploy job no runner has picked up after this long fails fast with a diagnosis (or fails over).
  pickupMinutes: v.optional(whole(1, 1440, 'minutes'), 5),
  timeoutMinutes: v.optional(whole(1, 1440, 'minutes'), 30),
  health: v.optional(v.array(HealthSchema), []),
  deploy: ActionSchema,
  rollback: v.optional(ActionSchema),
});

export type EnvironmentSettings = v.InferOutput<typeof EnvironmentSchema>;
export type DeployAction = v.InferOutput<typeof ActionSchema>;
export type HealthCheck = v.InferOutput<typeof HealthSchema>;
export type LedgerSettings = v.InferOutput<typeof LedgerSchema>;

// How failed steps are retried: always as a new attempt, after a backoff doubled each time.
const RetrySchema = v.pipe(
  v.strictObject({
    maxAttempts: v.optional(whole(1, 1000, 'attempts'), 3),
    backoffMs: v.optional(whole(0, MAX_MS, 'ms'), 10_000),
    maxBackoffMs: v.optional(whole(0, MAX_MS, 'ms'), 600_000),
  }),
  v.forward(
    v.partialCheck(
      [['backoffMs'], ['maxBackoffMs']],
      (r) => r.maxBackoffMs >= r.backoffMs,
      'must be at least backoffMs',
    ),
    ['maxBackoffMs'],
  ),
);

const ExecutionSchema = v.pipe(
  v.strictObject({
    // The workflow of every work item: a workflow YAML file or a Spec Kit tasks.md, relative to the
    // workspace; without it, the built-in one (runbook, implement, review, integrate).
    workflow: v.optional(NonEmpty),
    // How long a claim holds without a heartbeat, and how often a running executor renews it.
    leaseSeconds: v.optional(whole(1, MAX_SECONDS, 'seconds'), 300),
    heartbeatSeconds: v.optional(whole(1, MAX_SECONDS, 'seconds')),
    // work run: the wait between claims when nothing is ready, and how often it re-reads the plan then.
    idleSeconds: v.optional(whole(0, 3600, 'seconds'), 5),
    rescheduleSeconds: v.optional(whole(1, 86_400, 'seconds'), 60),
    retry: v.optional(RetrySchema, {}),
    ledger: v.optional(LedgerSchema),
    ci: v.optional(
      v.strictObject({
        // The checks that must pass for a CI gate; without it, every check of the pull request.
        required: v.optional(
          v.array(v.pipe(v.string(), v.trim(), v.minLength(1, 'a check name must not be empty'))),
        ),
      }),
      {},
    ),
  }),
  v.forward(
    v.partialCheck(
      [['leaseSeconds'], ['heartbeatSeconds']],
      (e) => e.heartbeatSeconds === undefined || e.heartbeatSeconds < e.leaseSeconds,
      'must be shorter than leaseSeconds, or a lease runs out between two heartbeats',
    ),
    ['heartbeatSeconds'],
  ),
);

export const ConfigSchema = v.strictObject({
  version: v.optional(v.literal(1), 1),
  docs: v.optional(NonEmpty, 'docs'),
  forge: v.optional(v.picklist(['local', 'github']), 'local'),
  repo: v.optional(
    v.nullable(v.pipe(v.string(), v.regex(/^[\w.-]+\/[\w.-]+$/, 'repo is written ORG/NAME'))),
    null,
  ),
  // An implementing repository: the spec bootstrap copied into .github/spec/spec.md, for a copy whose
  // frontmatter and heading do not name it.
  spec: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9]{0,9}-\d{4,}$/, 'spec is a spec ID such as SPEC-0001')),
  ),
  // An implementing repository: the folder of the decisions workspace its spec lives in (relative to
  // this repository). With it, the plan's upkeep writes the spec's implementation status there as the
  // plan's issues close, as `sync` does when run by hand in that workspace.
  decisions: v.optional(NonEmpty),
  ids: v.optional(
    v.strictObject({
      proposal: v.optional(Prefix),
      spec: v.optional(Prefix),
      standard: v.optional(Prefix),
      requirement: v.optional(Prefix),
    }),
    {},
  ),
  authors: v.optional(v.array(v.string()), []),
  // "required": implement refuses an issue until its runbook is ACCEPTED (the runbook gate).
  governance: v.optional(
    v.strictObject({
      runbooks: v.optional(v.picklist(['required', 'optional']), 'optional'),
    }),
    {},
  ),
  execution: v.optional(ExecutionSchema),
  // The control room's runs: the command each CI check runs on the local forge (name → command), who
  // may approve a run that waits, how many approvals it needs, and how long it waits before it is denied.
  ops: v.optional(
    v.strictObject({
      checks: v.optional(v.record(v.string(), NonEmpty)),
      approvers: v.optional(v.array(NonEmpty)),
      quorum: v.optional(
        v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more')),
      ),
      approvalTimeoutMinutes: v.optional(
        v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more')),
      ),
      // On GitHub: how often runs' pending CI gates read their checks where no webhook reaches (0: never).
      pollSeconds: v.optional(whole(0, 86_400, 'seconds')),
    }),
  ),
  // Deploy targets by name (prod, staging, ...).
  environments: v.optional(
    v.record(
      v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_-]{0,39}$/, 'an environment name is lower-case')),
      EnvironmentSchema,
    ),
  ),
});

export type Config = v.InferOutput<typeof ConfigSchema>;

export type ExecutionSettings = v.InferOutput<typeof ExecutionSchema>;

/** Seconds between two reads of GitHub's checks for runs' pending CI gates; 0 turns polling off. */
export const DEFAULT_POLL_SECONDS = 30;

export function pollSeconds(config: Config): number {
  return config.ops?.pollSeconds ?? DEFAULT_POLL_SECONDS;
}

/** The `execution` part of a config with every default filled in (the part may be absent). */
export function executionSettings(config: Config): ExecutionSettings {
  return v.parse(ExecutionSchema, config.execution ?? {});
}

export function defaultConfig(over: Partial<Config> = {}): Config {
  return v.parse(ConfigSchema, over);
}

const docsInside = (docs: string) => !isAbsolute(docs) && !docs.split(/[\\/]/).includes('..');

/** Parses papertrail.yaml text; every problem is a PtError with the file, line and column. */
export function parseConfig(text: string, file: string): Config {
  // The common settings are read without the YAML library, which every command would otherwise load
  // at start; anything the fast reader leaves, and every refusal, goes the library's way for its
  // positions.
  const fast = parseFrontmatterFast(text);
  if (fast) {
    registerConfigSecrets(fast.data);
    const r = v.safeParse(ConfigSchema, fast.data);
    if (r.success && docsInside(r.output.docs)) return r.output;
  }
  const { raw, doc, lineCounter } = parseYamlInput(text, file, 'config/yaml-syntax', CONFIG_FILE);
  // Before it is checked: a refusal may quote the setting that holds the secret.
  registerConfigSecrets(raw);
  const r = v.safeParse(ConfigSchema, raw);
  if (!r.success)
    throw schemaError(r.issues, { file, doc, lineCounter, code: 'config/invalid', what: CONFIG_FILE });
  const docs = r.output.docs;
  if (!docsInside(docs)) {
    const node = doc.get('docs', true) as { range?: [number, number, number] } | undefined;
    const p = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    throw new PtError('config/docs-outside', `docs root "${docs}" must be a folder inside the workspace`, {
      hint: 'Use a relative path such as "docs" or "decisions".',
      location: { file, line: p.line, column: p.col },
      exit: 2,
    });
  }
  return r.output;
}

export interface Workspace {
  root: string;
  config: Config;
  /** Absolute docs root. */
  docsRoot: string;
  /** Whether papertrail.yaml exists (false: defaults inferred from the folder layout). */
  initialized: boolean;
}

/** Walks up from `cwd` to the nearest papertrail.yaml; without one, infers the layout of `cwd`. */
export function findWorkspace(cwd: string): Workspace {
  let dir = resolve(cwd);
  for (;;) {
    const f = join(dir, CONFIG_FILE);
    if (existsSync(f)) {
      // Settings that hold a secret are parsed each time (which also registers the secret for
      // redaction) rather than copied into the cache.
      const config = cachedConfig(dir, f, () => parseConfig(readText(f), relative(cwd, f) || CONFIG_FILE), {
        keep: (c) => configSecrets(c).length === 0,
      });
      return { root: dir, config, docsRoot: join(dir, config.docs), initialized: true };
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const root = resolve(cwd);
  const docs = existsSync(join(root, 'decisions')) && !existsSync(join(root, 'docs')) ? 'decisions' : 'docs';
  const config = defaultConfig({ docs });
  return { root, config, docsRoot: join(root, docs), initialized: false };
}

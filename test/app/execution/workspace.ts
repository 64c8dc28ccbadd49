import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ledgerClaim, ledgerFinish } from '../../../src/app/execution/index.js';
import { type App, openApp, withStore } from '../../../src/app/kernel/index.js';
import type { ForgePort } from '../../../src/ports/forge/index.js';
import { auditHead, readArtifacts } from '../../../src/ports/store/index.js';
import { cli, seedWorkspace, tempDir } from '../../helpers/cli.js';
import { createTestDatabase, postgresAvailable } from '../../helpers/postgres.js';

// Seed 000's implementing repository, bootstrapped and planned on the local forge (#1 tracking, #2–#4
// requirements, #4 blocked by #2 and #3), with its store embedded or on a throwaway Postgres database.

export interface Planned {
  repo: string;
  app: App;
  /** The environment the CLI and the app run with (DATABASE_URL on Postgres). */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export type BackendName = 'pglite' | 'postgres';

export async function backendsAvailable(suite: string): Promise<BackendName[]> {
  return (await postgresAvailable(`${suite} [postgres]`)) ? ['pglite', 'postgres'] : ['pglite'];
}

// Made once per file and copied: bootstrap and plan are the slow part.
export async function planned(backend: BackendName): Promise<Planned> {
  const db = backend === 'postgres' ? await createTestDatabase() : null;
  const env: Record<string, string> = db ? { DATABASE_URL: db.url } : {};
  if (db) process.env.DATABASE_URL = db.url;
  else delete process.env.DATABASE_URL;
  const ws = seedWorkspace();
  const repo = join(tempDir(), 'runner-infra');
  for (const [args, cwd] of [
    [['bootstrap', 'SPEC-0001', '--dir', repo], ws],
    [['plan'], repo],
  ] as const) {
    const r = cli([...args], { cwd, env });
    if (r.code !== 0) throw new Error(`papertrail ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  }
  return {
    repo,
    app: openApp(repo, { ...process.env, ...env, PAPERTRAIL_TODAY: '2026-11-23' }),
    env,
    cleanup: async () => {
      delete process.env.DATABASE_URL;
      await db?.drop();
    },
  };
}

export function withForge<T>(app: App, fn: (f: ForgePort) => Promise<T>): Promise<T> {
  return withStore(app, (s) => fn(s.forge!), { forge: true });
}

export function auditLength(app: App): Promise<number> {
  return withStore(app, async (s) => (await auditHead(s.x)).length);
}

/** The plan's stored handoff artifacts, parsed, in the order they were written. */
export function artifacts(app: App): Promise<Record<string, unknown>[]> {
  return withStore(app, async (s) =>
    (await readArtifacts(s.x.db, s.planKey)).map((r) => JSON.parse(r.body) as Record<string, unknown>),
  );
}

/**
 * Opens a pull request from the work item's branch, with one commit on it, as `implement` would: what
 * the integrate step merges. Returns its number.
 */
export async function openItemPullRequest(p: Planned, issue: number): Promise<number> {
  const branch = await withStore(p.app, async (s) => {
    const row = await s.x.db
      .selectFrom('work_items')
      .select('branch')
      .where('plan_key', '=', s.planKey)
      .where('issue_number', '=', issue)
      .executeTakeFirstOrThrow();
    return row.branch!;
  });
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...a], {
      cwd: p.repo,
      encoding: 'utf8',
    }).trim();
  if (!git('branch', '--list', branch)) git('branch', branch, 'main');
  const tree = git('rev-parse', `${branch}^{tree}`);
  const commit = git('commit-tree', tree, '-p', branch, '-m', `Work on #${issue}\n\nResolves #${issue}`);
  git('update-ref', `refs/heads/${branch}`, commit);
  const pr = await withForge(p.app, (f) =>
    f.createPullRequest({
      title: `#${issue}`,
      body: `Resolves #${issue}`,
      head: branch,
      base: 'main',
      draft: false,
    }),
  );
  return pr.number;
}

export interface OnLedger {
  repo: string;
  /** The bare repository standing for the ledger's remote. */
  remote: string;
  app: App;
  /** git in the remote, output trimmed. */
  git(...args: string[]): string;
}

/**
 * The planned repository (embedded store) with its executors' record on the git ledger: a bare
 * repository as the remote, `workflow` as execution.workflow, and `execution` (more YAML lines of the
 * execution settings, indented two spaces) beside them.
 */
export async function plannedOnLedger(prefix: string, workflow: string, execution = ''): Promise<OnLedger> {
  const { repo } = await planned('pglite');
  const remote = join(tempDir(prefix), 'ledger.git');
  execFileSync('git', ['init', '-q', '--bare', remote]);
  writeFileSync(join(repo, 'wf.yaml'), workflow);
  appendFileSync(
    join(repo, 'papertrail.yaml'),
    `execution:\n  workflow: wf.yaml\n${execution}  ledger:\n    remote: ${remote}\n`,
  );
  return {
    repo,
    remote,
    app: openApp(repo, { ...process.env, PAPERTRAIL_TODAY: '2026-11-23' }),
    git: (...args) => execFileSync('git', ['-C', remote, ...args], { encoding: 'utf8' }).trim(),
  };
}

/** Claims the attempt on the git ledger as `executor` and completes it. */
export async function workOnLedger(app: App, attempt: string, executor: string): Promise<void> {
  await ledgerClaim(app, { executor, attempt });
  await ledgerFinish(app, { attempt, summary: `${executor} did it` }, 'done');
}

export interface LedgerRecord {
  type: string;
  actor: string;
  data: { attempt?: string };
}

/** The audit records on the ledger branch, in chain order. */
export function ledgerAudit(git: OnLedger['git']): LedgerRecord[] {
  return git('ls-tree', '--name-only', 'papertrail/ledger', 'artifacts/audit/')
    .split('\n')
    .filter(Boolean)
    .map((f) => JSON.parse(git('show', `papertrail/ledger:${f}`)) as LedgerRecord);
}

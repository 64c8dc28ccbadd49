import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTLE_MS } from '../../src/base/index.js';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { type CliResult, cli, cliAsync, ROOT, tempDir } from '../helpers/cli.js';

const EX = join(ROOT, 'examples/seed-000');

/**
 * Everything a command could write under these folders: each file with its bytes and mtime (.git's
 * included, so objects, refs and the index count), each folder's existence, and each git repository's
 * refs as git reports them. Folder mtimes are left out: the store's lock file comes and goes.
 */
function workspaceState(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (root: string, d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(root, p);
      if (st.isDirectory()) {
        out.push(`${root}: ${rel}/`);
        walk(root, p);
      } else {
        const hash = createHash('sha1').update(readFileSync(p)).digest('hex');
        out.push(`${root}: ${rel} ${st.size} ${st.mtimeMs} ${hash}`);
      }
    }
  };
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      out.push(`${dir}: missing`);
      continue;
    }
    walk(dir, dir);
    if (existsSync(join(dir, '.git'))) out.push(`${dir}: refs ${gitRefs(dir)}`);
  }
  return out;
}

function gitRefs(dir: string): string {
  const r = spawnSync('git', ['for-each-ref', '--format=%(refname) %(objectname)'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const head = spawnSync('git', ['symbolic-ref', '-q', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  return `${r.stdout.trim().replace(/\n/g, ', ')}; HEAD ${head.stdout.trim()}`;
}

function ok(r: CliResult, what: string, exit = 0): CliResult {
  if (r.code !== exit) throw new Error(`${what} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r;
}

/** Runs `args` with --dry-run, asserts its exit code and that it changed nothing under `dirs`; returns its JSON. */
function dry<T = Record<string, unknown>>(args: string[], cwd: string, dirs: string[], exit = 0): T {
  const before = workspaceState(...dirs);
  const r = ok(cli([...args, '--dry-run', '--json'], { cwd }), `${args.join(' ')} --dry-run`, exit);
  expect(workspaceState(...dirs), `${args.join(' ')} --dry-run wrote`).toEqual(before);
  return JSON.parse(r.stdout);
}

function real<T = Record<string, unknown>>(args: string[], cwd: string, exit = 0): T {
  return JSON.parse(ok(cli([...args, '--json'], { cwd }), args.join(' '), exit).stdout);
}

const read = (f: string) => readFileSync(f, 'utf8');

describe('--dry-run writes nothing and predicts what the real run writes', () => {
  let base: string;
  let ws: string;
  let repo: string;
  beforeAll(() => {
    base = tempDir();
    ws = join(base, 'decisions');
    repo = join(base, 'runner-infra');
  });

  it('on every verb that has it, from init to pr merge and sync (local forge)', () => {
    const all = [base];
    // init in an empty folder leaves it empty.
    const initDry = dry<{ created: string[] }>(['init'], base, all);
    ok(cli(['init'], { cwd: base }), 'init');
    // The base folder is the workspace from here on: init wrote what it said it would.
    for (const f of initDry.created) expect(existsSync(join(base, f)), f).toBe(true);
    ws = base;
    repo = join(base, '..', `${base.split('/').pop()}-repo`);
    const both = [ws, repo];

    const prop = dry(['propose', '--from', join(EX, 'prop-0001.yaml')], ws, both);
    const propReal = real(['propose', '--from', join(EX, 'prop-0001.yaml')], ws);
    expect(propReal.file).toBe(prop.file);
    expect(read(join(ws, propReal.file as string))).toBe(prop.content);

    const st = dry(['status', 'PROP-0001', 'approved'], ws, both);
    expect(real(['status', 'PROP-0001', 'approved'], ws)).toMatchObject({ from: st.from, to: st.to });

    const spec = dry(['spec', '--from', join(EX, 'spec-0001.json')], ws, both);
    const specReal = real(['spec', '--from', join(EX, 'spec-0001.json')], ws);
    expect(read(join(ws, specReal.file as string))).toBe(spec.content);

    const reqArgs = [
      'requirement',
      'add',
      'SPEC-0001',
      '--name',
      'Cost Reporting',
      '--statement',
      'The system SHALL report runner cost per team.',
      '--scenario',
      'Monthly report: GIVEN a month of runner use WHEN the month ends THEN each team sees its cost',
    ];
    const req = dry(reqArgs, ws, both);
    const reqReal = real(reqArgs, ws);
    expect(read(join(ws, reqReal.file as string))).toBe(req.content);

    const extArgs = [
      'extend',
      'SPEC-0001',
      '--title',
      'Audit Logging',
      '--requirement',
      'Audit Trail: The system SHALL record every runner lifecycle event.',
      '--scenario',
      'Event logged: GIVEN a runner is provisioned WHEN the event is processed THEN an audit entry is written',
    ];
    const ext = dry(extArgs, ws, both);
    const extReal = real(extArgs, ws);
    expect(read(join(ws, extReal.file as string))).toBe(ext.content);

    const stdArgs = [
      'standard',
      '--title',
      'Secrets Handling',
      '--applies-to',
      'all',
      '--overview',
      'How secrets are kept.',
      '--category',
      'Storage',
      '--must',
      'Secrets MUST NOT be committed.',
      '--gitignore',
      '.env',
    ];
    const std = dry(stdArgs, ws, both);
    const stdReal = real(stdArgs, ws);
    expect(read(join(ws, stdReal.file as string))).toBe(std.content);

    dry(['renumber'], ws, both);
    const gov = dry<{ files: { path: string }[] }>(['governance', 'init'], ws, both);
    const govReal = real<{ files: { path: string }[] }>(['governance', 'init'], ws);
    expect(govReal.files.map((f) => f.path)).toEqual(gov.files.map((f) => f.path));

    // bootstrap: the repository folder is not created by the dry run.
    const boot = dry<{ files: unknown[] }>(['bootstrap', 'SPEC-0001', '--dir', repo], ws, both);
    const bootReal = real<{ files: unknown[] }>(['bootstrap', 'SPEC-0001', '--dir', repo], ws);
    expect(bootReal.files).toEqual(boot.files);

    // plan on a repository without a store: no store, no folder, and the exact counts of the real run.
    const plan = dry<PlanJson>(['plan'], repo, both);
    expect(existsSync(join(repo, '.papertrail'))).toBe(false);
    const planReal = real<PlanJson>(['plan'], repo);
    expect(planCounts(plan)).toEqual(planCounts(planReal));
    expect(planReal.links.subIssues + planReal.links.blockedBy).toBeGreaterThan(0);
    // With a store: the dry run reads it, through a copy, and still writes nothing.
    expect(dry<PlanJson>(['plan'], repo, both).writes).toBe(0);

    const impl = dry<{ branch: string; pullRequest: { title: string } }>(['implement', '2'], repo, both);
    const implReal = real<typeof impl & { pullRequest: { number: number } }>(['implement', '2'], repo);
    expect(implReal.branch).toBe(impl.branch);
    expect(implReal.pullRequest.title).toBe(impl.pullRequest.title);

    const rbNew = dry(['runbook', 'new', 'ISSUE-3'], repo, both);
    const rbNewReal = real(['runbook', 'new', 'ISSUE-3'], repo);
    expect(read(join(repo, rbNewReal.file as string))).toBe(rbNew.content);
    // Exit 1: the panel has a blocking finding (the runbook names no file), which review writes down.
    const rbRev = dry(['runbook', 'review', 'ISSUE-3'], repo, both, 1);
    real(['runbook', 'review', 'ISSUE-3'], repo, 1);
    expect(read(join(repo, rbNewReal.file as string))).toBe(rbRev.content);
    const acceptArgs = ['runbook', 'accept', 'ISSUE-3', '--override', 'accepted for the test'];
    const rbAcc = dry(acceptArgs, repo, both);
    real(acceptArgs, repo);
    // The acceptance records when it happened, so only the status line is compared.
    const status = (t: string) => t.split('\n').find((l) => l.startsWith('Status:'));
    expect(status(read(join(repo, rbNewReal.file as string)))).toBe(status(rbAcc.content as string));

    // Commit the runbook so the tree is clean for the merge.
    spawnSync('git', ['checkout', '-q', 'main'], { cwd: repo });
    spawnSync('git', ['add', '-A'], { cwd: repo });
    spawnSync('git', ['commit', '-qm', 'runbook'], { cwd: repo });
    const prNumber = String(implReal.pullRequest.number);
    ok(cli(['pr', 'ready', prNumber], { cwd: repo }), 'pr ready');
    const merge = dry<{ closed: number[] }>(['pr', 'merge', prNumber], repo, both);
    const mergeReal = real<{ closed: number[] }>(['pr', 'merge', prNumber], repo);
    expect(mergeReal.closed).toEqual(merge.closed);
    expect(merge.closed).toEqual([2]);

    const sync = dry(['sync', 'SPEC-0001', '--dir', repo], ws, both);
    expect(real(['sync', 'SPEC-0001', '--dir', repo], ws)).toMatchObject({ from: sync.from, to: sync.to });

    // The spec changed (sync recorded the status): bootstrap would update the repository on a branch,
    // which a tree with uncommitted changes refuses, and so does the dry run, rather than promise it.
    writeFileSync(join(repo, 'notes.txt'), 'mine\n');
    const args = ['bootstrap', 'SPEC-0001', '--dir', repo];
    const refused = ok(cli([...args, '--dry-run'], { cwd: ws }), 'bootstrap --dry-run', 3);
    expect(refused.stderr).toContain('bootstrap/dirty');
    expect(ok(cli(args, { cwd: ws }), 'bootstrap', 3).stderr).toContain('bootstrap/dirty');
  }, 240_000);
});

interface PlanJson {
  writes: number;
  links: { subIssues: number; blockedBy: number; removed: { issue: number; blocker: number }[] };
  labels: { created: string[]; updated: string[] };
  rows: { key: string; action: string }[];
}

const planCounts = (p: PlanJson) => ({
  writes: p.writes,
  links: p.links,
  labels: p.labels,
  actions: p.rows.map((r) => `${r.key} ${r.action}`),
});

describe('plan --dry-run on GitHub (fake GitHub)', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub({ login: 'github' });
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: 'runner-infra', auto_init: true });
  });
  afterAll(() => fake.close());

  it('sends no write, and the real run writes exactly the changes and links it predicted', async () => {
    const ws = tempDir();
    for (const args of [
      ['init'],
      ['propose', '--from', join(EX, 'prop-0001.yaml')],
      ['status', 'PROP-0001', 'approved'],
      ['spec', '--from', join(EX, 'spec-0001.json')],
    ])
      ok(cli(args, { cwd: ws }), args.join(' '));
    const repo = join(tempDir(), 'runner-infra');
    ok(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }), 'bootstrap');
    writeFileSync(join(repo, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/runner-infra\n');
    const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    const writes = () => fake.calls.filter((c) => c.method !== 'GET').length;

    const before = writes();
    const state = workspaceState(repo);
    const d = await cliAsync(['plan', '--dry-run', '--json'], { cwd: repo, env });
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    expect(writes()).toBe(before);
    expect(workspaceState(repo)).toEqual(state);
    const plan = JSON.parse(d.stdout) as PlanJson;
    // 3 labels, 4 issues, 3 sub-issue links, 2 blocked-by links.
    expect(plan.writes).toBe(12);
    expect(plan.links).toEqual({ subIssues: 3, blockedBy: 2, removed: [] });

    const r = await cliAsync(['plan', '--json'], { cwd: repo, env });
    expect(r.code).toBe(0);
    const done = JSON.parse(r.stdout) as PlanJson;
    expect(planCounts(done)).toEqual(planCounts(plan));
    expect(writes() - before).toBe(plan.writes);

    // The other verbs that reach GitHub read it and write nothing, there or here.
    const quiet = async (args: string[], cwd: string) => {
      const n = writes();
      const st = workspaceState(ws, repo);
      const r = await cliAsync([...args, '--dry-run', '--json'], { cwd, env });
      expect(r.stderr, args.join(' ')).toBe('');
      expect(writes(), args.join(' ')).toBe(n);
      expect(workspaceState(ws, repo), args.join(' ')).toEqual(st);
      return JSON.parse(r.stdout);
    };
    const impl = await quiet(['implement'], repo);
    expect(impl).toMatchObject({ issue: 2, branch: 'implement/issue-2-auto-scaling', dryRun: true });
    const boot = await quiet(['bootstrap', 'SPEC-0001', '--github', 'github/runner-infra'], ws);
    expect(boot).toMatchObject({ dryRun: true });
    expect(await quiet(['sync', 'SPEC-0001'], ws)).toMatchObject({ dryRun: true });
    const made = JSON.parse((await cliAsync(['implement', '--json'], { cwd: repo, env })).stdout);
    expect(made).toMatchObject({ issue: impl.issue, branch: impl.branch, created: true });
    expect(made.pullRequest.title).toBe(impl.pullRequest.title);
    expect(fake.violations).toEqual([]);
  });
});

describe('a dry run and the caches', () => {
  it('keeps no settings beside the caches, however long ago papertrail.yaml changed', async () => {
    const ws = tempDir();
    ok(cli(['init', '--tools', 'none'], { cwd: ws }), 'init');
    mkdirSync(join(ws, '.papertrail', 'cache'), { recursive: true });
    // Once papertrail.yaml has not changed for longer than the clock's resolution, its settings can be kept.
    await new Promise((r) => setTimeout(r, SETTLE_MS + 200));
    dry(['propose', '--from', join(EX, 'prop-0001.yaml')], ws, [ws]);
    // The same command for real keeps them: the dry run would have, had it not held its writes.
    real(['propose', '--from', join(EX, 'prop-0001.yaml')], ws);
    expect(readdirSync(join(ws, '.papertrail', 'cache'))).toContain('config-v1.json');
  });
});

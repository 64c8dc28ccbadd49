import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { cliAsync, seedWorkspace } from '../helpers/cli.js';

const owner = 'github';
const name = 'runner-infra';
const writesOf = (f: FakeGitHub) => f.calls.filter((c) => c.method !== 'GET');

/** The files on a branch of the fake, path → text. */
async function filesOn(fake: FakeGitHub, branch: string): Promise<Map<string, string>> {
  const o = fakeOctokit(fake);
  const ref = await o.rest.git.getRef({ owner, repo: name, ref: `heads/${branch}` });
  const commit = await o.rest.git.getCommit({ owner, repo: name, commit_sha: ref.data.object.sha });
  const tree = await o.rest.git.getTree({
    owner,
    repo: name,
    tree_sha: commit.data.tree.sha,
    recursive: '1',
  });
  const out = new Map<string, string>();
  for (const e of tree.data.tree) {
    if (e.type !== 'blob' || !e.sha || !e.path) continue;
    const b = await o.rest.git.getBlob({ owner, repo: name, file_sha: e.sha });
    out.set(e.path, Buffer.from(b.data.content, 'base64').toString('utf8'));
  }
  return out;
}

// Seed 000 Part 3 against GitHub: `bootstrap --github` as a subprocess, talking to the OpenAPI-checked fake
// (Enterprise Cloud's description, so that internal visibility exists).
describe('bootstrap --github (fake GitHub)', () => {
  let fake: FakeGitHub;
  let env: Record<string, string>;
  let ws: string;
  beforeEach(async () => {
    fake = await startFakeGitHub({ spec: 'ghec', login: 'octocat' });
    env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    ws = seedWorkspace();
  });
  afterEach(() => fake.close());
  const bootstrap = async (...extra: string[]) => {
    const r = await cliAsync(['bootstrap', 'SPEC-0001', '--github', `${owner}/${name}`, '--json', ...extra], {
      cwd: ws,
      env,
    });
    if (r.code !== 0) throw new Error(`bootstrap failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  it('creates the internal repository with every file in one commit; a re-run writes nothing', async () => {
    const dry = await bootstrap('--dry-run');
    expect(dry).toMatchObject({ forge: 'github', status: 'new', action: 'create', dryRun: true });
    expect(writesOf(fake)).toEqual([]);

    const r = await bootstrap();
    expect(r).toMatchObject({ status: 'new', action: 'create', branch: 'main', repo: `${owner}/${name}` });
    expect(fake.state.repo(owner, name)?.visibility).toBe('internal');
    // Create the repository, then blob-less tree, commit and ref move: nothing per file.
    expect(writesOf(fake).map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /orgs/${owner}/repos`,
      `POST /repos/${owner}/${name}/git/trees`,
      `POST /repos/${owner}/${name}/git/commits`,
      `PATCH /repos/${owner}/${name}/git/refs/heads%2Fmain`,
    ]);
    const files = await filesOn(fake, 'main');
    for (const path of [
      'README.md',
      'AGENTS.md',
      '.gitignore',
      '.vscode/mcp.json',
      '.github/skills/pt-plan/SKILL.md',
      '.github/skills/pt-implement/SKILL.md',
      '.github/spec/spec.md',
    ])
      expect(files.has(path), path).toBe(true);
    expect(files.get('README.md')).toContain('SPEC-0001');
    expect(files.get('papertrail.yaml')).toContain('forge: github');
    expect(files.get('papertrail.yaml')).toContain(`repo: ${owner}/${name}`);
    // The spec in the workspace records the implementation, and the repository's copy says the same.
    const spec = readFileSync(join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md'), 'utf8');
    expect(files.get('.github/spec/spec.md')).toBe(spec);

    const before = writesOf(fake).length;
    expect(await bootstrap()).toMatchObject({ status: 'exists', action: 'up-to-date', commit: null });
    expect(writesOf(fake).length).toBe(before);
    expect(fake.violations).toEqual([]);
  }, 60_000);

  it('proposes a changed spec as a pull request on update-spec-SPEC-0001, keeping the project’s files', async () => {
    await bootstrap();
    const o = fakeOctokit(fake);
    // The team edits its README on main; bootstrap must never overwrite it.
    const ref = await o.rest.git.getRef({ owner, repo: name, ref: 'heads/main' });
    const parent = await o.rest.git.getCommit({ owner, repo: name, commit_sha: ref.data.object.sha });
    const tree = await o.rest.git.createTree({
      owner,
      repo: name,
      base_tree: parent.data.tree.sha,
      tree: [{ path: 'README.md', mode: '100644', type: 'blob', content: '# Runner infra (ours)\n' }],
    });
    const ours = await o.rest.git.createCommit({
      owner,
      repo: name,
      message: 'Our README',
      tree: tree.data.sha,
      parents: [parent.data.sha],
    });
    await o.rest.git.updateRef({ owner, repo: name, ref: 'heads/main', sha: ours.data.sha });
    const add = await cliAsync(
      [
        'requirement',
        'add',
        'SPEC-0001',
        '--name',
        'Cost Reporting',
        '--statement',
        'The system SHALL report runner cost per team.',
        '--scenario',
        'Monthly: GIVEN a month of usage WHEN the month closes THEN each team receives its cost',
      ],
      { cwd: ws },
    );
    expect(add.code).toBe(0);

    const r = await bootstrap();
    expect(r).toMatchObject({
      status: 'exists',
      action: 'update-branch',
      branch: 'update-spec-SPEC-0001',
      pullRequest: { created: true },
    });
    expect(r.files.filter((f: { action: string }) => f.action !== 'keep')).toEqual([
      { path: '.github/spec/spec.md', action: 'update' },
    ]);
    const pulls = await o.rest.pulls.list({ owner, repo: name });
    expect(pulls.data.map((p) => [p.number, p.head.ref, p.base.ref, p.draft])).toEqual([
      [r.pullRequest.number, 'update-spec-SPEC-0001', 'main', false],
    ]);
    const branch = await filesOn(fake, 'update-spec-SPEC-0001');
    expect(branch.get('.github/spec/spec.md')).toContain('### Requirement: Cost Reporting');
    expect(branch.get('README.md')).toBe('# Runner infra (ours)\n');
    expect((await filesOn(fake, 'main')).get('.github/spec/spec.md')).not.toContain('Cost Reporting');

    // Again: the branch already holds the change and the PR is open, so nothing is written.
    const before = writesOf(fake).length;
    expect(await bootstrap()).toMatchObject({
      action: 'update-branch',
      pullRequest: { number: r.pullRequest.number, created: false },
    });
    expect(writesOf(fake).length).toBe(before);
    expect(fake.violations).toEqual([]);
  }, 60_000);

  it('finishes a run cut off after creating the repository by committing to main, not a PR', async () => {
    await fakeOctokit(fake).rest.repos.createInOrg({
      org: owner,
      name,
      auto_init: true,
    });
    const r = await bootstrap();
    expect(r).toMatchObject({ action: 'create', branch: 'main' });
    expect(r.pullRequest).toBeUndefined();
    expect((await filesOn(fake, 'main')).get('README.md')).toContain('SPEC-0001');
    expect(fake.violations).toEqual([]);
  }, 60_000);

  it('fails with exit 4 and the forge’s message when GitHub refuses the token, writing nothing', async () => {
    const spec = join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    const before = readFileSync(spec, 'utf8');
    const r = await cliAsync(['bootstrap', 'SPEC-0001', '--github', `${owner}/${name}`], {
      cwd: ws,
      env: { ...env, GITHUB_TOKEN: 'wrong' },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('forge/unauthorized');
    expect(readFileSync(spec, 'utf8')).toBe(before);
    const both = await cliAsync(['bootstrap', 'SPEC-0001', '--github', 'a/b', '--dir', 'x'], {
      cwd: ws,
      env,
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('usage/two-targets');
  }, 60_000);
});

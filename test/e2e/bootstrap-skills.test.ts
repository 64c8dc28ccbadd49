import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { cli, cliAsync, seedWorkspace, tempDir } from '../helpers/cli.js';
import { frontmatter } from '../helpers/frontmatter.js';

const LEGACY = join(import.meta.dirname, '../fixtures/legacy-assistant');
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

const SKILLS = ['plan', 'implement', 'runbook'].flatMap((c) => [
  `.github/skills/pt-${c}/SKILL.md`,
  `.claude/skills/pt-${c}/SKILL.md`,
]);
const OLD = ['plan', 'implement', 'runbook'].flatMap((c) => [
  `.github/prompts/${c}.prompt.md`,
  `.claude/commands/${c}.md`,
]);
const legacyText = (p: string) => readFileSync(join(LEGACY, p), 'utf8');
const EDITED = `${legacyText('.claude/commands/implement.md')}\nRun the linter before every commit.\n`;
/** What an earlier version left in an implementing repository: its commands, one of them edited. */
const oldFiles = () =>
  OLD.map((path) => ({
    path,
    content: path === '.claude/commands/implement.md' ? EDITED : legacyText(path),
  }));
const REMOVED = OLD.filter((p) => p !== '.claude/commands/implement.md');

describe('bootstrap writes skills and replaces the commands an earlier version wrote', () => {
  it('local forge: skills on a new repository; a re-bootstrap removes unchanged commands on the branch', () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    for (const p of SKILLS) expect(existsSync(join(repo, p)), p).toBe(true);
    expect(frontmatter(readFileSync(join(repo, '.claude/skills/pt-plan/SKILL.md'), 'utf8')).data).toEqual({
      name: 'pt-plan',
      description: expect.any(String),
      'allowed-tools': 'mcp__papertrail__plan',
      'disable-model-invocation': true,
    });
    for (const p of OLD) expect(existsSync(join(repo, p)), p).toBe(false);

    // The repository as an earlier version bootstrapped it: commands, no skills.
    for (const d of ['.github/skills', '.claude/skills']) rmSync(join(repo, d), { recursive: true });
    for (const f of oldFiles()) {
      mkdirSync(join(repo, f.path, '..'), { recursive: true });
      writeFileSync(join(repo, f.path), f.content);
    }
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'as an earlier version left it');

    const shown = cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--dry-run'], { cwd: ws });
    expect(shown.stdout).toContain('  - .github/prompts/plan.prompt.md\n');
    expect(shown.stdout).toContain('  + .claude/skills/pt-implement/SKILL.md\n');
    expect(shown.stdout).toContain(
      '  ! .claude/commands/implement.md was edited, so it was left as it is; the skill /pt-implement replaces it',
    );

    const r = JSON.parse(cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws }).stdout);
    expect(r).toMatchObject({ action: 'update-branch', branch: 'update-spec-SPEC-0001' });
    expect(r.legacy).toEqual([{ path: '.claude/commands/implement.md', skill: 'pt-implement' }]);
    const changed = r.files.filter((f: { action: string }) => f.action !== 'keep');
    expect(changed).toEqual(
      expect.arrayContaining([
        ...SKILLS.map((path) => ({ path, action: 'create' })),
        ...REMOVED.map((path) => ({ path, action: 'remove' })),
      ]),
    );
    expect(changed).toHaveLength(SKILLS.length + REMOVED.length);
    const diff = git(repo, 'diff', '--no-renames', '--name-status', 'main', 'update-spec-SPEC-0001')
      .split('\n')
      .sort();
    expect(diff).toEqual([...SKILLS.map((p) => `A\t${p}`), ...REMOVED.map((p) => `D\t${p}`)].sort());
    // main is untouched: the change is proposed, not made.
    expect(readFileSync(join(repo, '.github/prompts/plan.prompt.md'), 'utf8')).toBe(
      legacyText('.github/prompts/plan.prompt.md'),
    );

    // Idempotent: a re-run proposes the same files (the local forge rebuilds the branch from main).
    const head = git(repo, 'rev-parse', 'update-spec-SPEC-0001^{tree}');
    const again = JSON.parse(cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws }).stdout);
    expect(again).toMatchObject({ action: 'update-branch', pullRequest: { created: false } });
    expect(again.legacy).toEqual(r.legacy);
    expect(git(repo, 'rev-parse', 'update-spec-SPEC-0001^{tree}')).toBe(head);
  });

  describe('GitHub', () => {
    const owner = 'github';
    const name = 'runner-infra';
    let fake: FakeGitHub;
    let env: Record<string, string>;
    beforeEach(async () => {
      fake = await startFakeGitHub({ spec: 'ghec', login: 'octocat' });
      env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    });
    afterEach(() => fake.close());

    /** The paths on a branch of the fake. */
    const pathsOn = async (branch: string) => {
      const o = fakeOctokit(fake);
      const ref = await o.rest.git.getRef({ owner, repo: name, ref: `heads/${branch}` });
      const commit = await o.rest.git.getCommit({ owner, repo: name, commit_sha: ref.data.object.sha });
      const tree = await o.rest.git.getTree({
        owner,
        repo: name,
        tree_sha: commit.data.tree.sha,
        recursive: '1',
      });
      return tree.data.tree.filter((e) => e.type === 'blob').map((e) => e.path!);
    };

    it('removes unchanged commands on the update branch, keeps the edited one', async () => {
      const ws = seedWorkspace();
      const bootstrap = async (...extra: string[]) => {
        const r = await cliAsync(
          ['bootstrap', 'SPEC-0001', '--github', `${owner}/${name}`, '--json', ...extra],
          {
            cwd: ws,
            env,
          },
        );
        if (r.code !== 0) throw new Error(`bootstrap failed (${r.code}): ${r.stderr}`);
        return JSON.parse(r.stdout);
      };
      await bootstrap();
      expect(await pathsOn('main')).toEqual(expect.arrayContaining(SKILLS));

      // main as an earlier version left it: commands instead of skills.
      const o = fakeOctokit(fake);
      const ref = await o.rest.git.getRef({ owner, repo: name, ref: 'heads/main' });
      const base = await o.rest.git.getCommit({ owner, repo: name, commit_sha: ref.data.object.sha });
      const tree = await o.rest.git.createTree({
        owner,
        repo: name,
        base_tree: base.data.tree.sha,
        tree: [
          ...SKILLS.map((path) => ({ path, mode: '100644' as const, type: 'blob' as const, sha: null })),
          ...oldFiles().map((f) => ({ ...f, mode: '100644' as const, type: 'blob' as const })),
        ],
      });
      const commit = await o.rest.git.createCommit({
        owner,
        repo: name,
        message: 'as an earlier version left it',
        tree: tree.data.sha,
        parents: [base.data.sha],
      });
      await o.rest.git.updateRef({ owner, repo: name, ref: 'heads/main', sha: commit.data.sha });

      const r = await bootstrap();
      expect(r).toMatchObject({ action: 'update-branch', branch: 'update-spec-SPEC-0001' });
      expect(r.legacy).toEqual([{ path: '.claude/commands/implement.md', skill: 'pt-implement' }]);
      const paths = await pathsOn('update-spec-SPEC-0001');
      expect(paths).toEqual(expect.arrayContaining([...SKILLS, '.claude/commands/implement.md']));
      for (const p of REMOVED) expect(paths, p).not.toContain(p);
      expect(await pathsOn('main')).toEqual(expect.arrayContaining(OLD));

      // A re-run finds the branch up to date with the change: no further commit.
      const commits = () =>
        fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/git/commits')).length;
      const before = commits();
      const again = await bootstrap();
      expect(again).toMatchObject({ action: 'update-branch', commit: null });
      expect(commits()).toBe(before);
    });
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { cli, cliAsync, seedWorkspace, tempDir } from '../helpers/cli.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
const PAPERTRAIL = { type: 'stdio', command: 'npx', args: ['--no-install', 'papertrail-spec', 'mcp'] };

// A project that already has an MCP configuration gets the papertrail server added beside its own.
describe('an existing MCP configuration', () => {
  it('init adds papertrail to .mcp.json and to a .vscode/mcp.json with comments, keeping the rest', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.vscode'));
    const vscode = [
      '// Servers for this project',
      '{',
      '  "servers": {',
      '    // GitHub, hosted',
      '    "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" },',
      '  },',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, '.vscode/mcp.json'), vscode);
    writeFileSync(
      join(dir, '.mcp.json'),
      '{\n  "mcpServers": {\n    "db": { "command": "db-mcp" }\n  }\n}\n',
    );
    const r = cli(['init', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.merged).toEqual(['.vscode/mcp.json', '.mcp.json']);
    expect(out.skipped).toEqual([]);
    const claude = JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8'));
    expect(claude).toEqual({ mcpServers: { db: { command: 'db-mcp' }, papertrail: PAPERTRAIL } });
    const after = readFileSync(join(dir, '.vscode/mcp.json'), 'utf8');
    // Every line the user wrote is still there, in order; the entry sits after theirs.
    expect(after.split('\n').filter((l) => vscode.split('\n').includes(l))).toEqual(vscode.split('\n'));
    expect(after).toContain('/mcp/" },\n    "papertrail": {\n      "type": "stdio",');
    // A second run finds papertrail registered and changes nothing.
    const again = JSON.parse(cli(['init', '--tools', 'copilot,claude', '--json'], { cwd: dir }).stdout);
    expect(again.merged).toEqual([]);
    expect(again.skipped).toContain('.mcp.json');
    expect(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8')).toBe(after);
  });

  it('says what to add to a file it cannot edit, leaving it as it was', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.mcp.json'), '{ "mcpServers": { "db": { "command": "db-mcp" } }\n');
    const r = cli(['init', '--tools', 'claude'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '.mcp.json was left unchanged (it is not valid JSON): add "papertrail": {"type":"stdio","command":"npx","args":["--no-install","papertrail-spec","mcp"]} (inside "mcpServers") to register the papertrail server.',
    );
    expect(readFileSync(join(dir, '.mcp.json'), 'utf8')).toBe(
      '{ "mcpServers": { "db": { "command": "db-mcp" } }\n',
    );
  });

  it('a dry run reports the merge and writes nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.mcp.json'), '{"mcpServers":{}}');
    const r = cli(['init', '--tools', 'claude', '--dry-run'], { cwd: dir });
    expect(r.stdout).toContain('Would add the papertrail server to: .mcp.json');
    expect(readFileSync(join(dir, '.mcp.json'), 'utf8')).toBe('{"mcpServers":{}}');
  });

  it('bootstrap adds papertrail to the configuration of a folder and of a repository it updates', () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    mkdirSync(repo);
    writeFileSync(
      join(repo, '.mcp.json'),
      '{\n  "mcpServers": {\n    "db": { "command": "db-mcp" }\n  }\n}\n',
    );
    // A folder without history: the merge is no overwrite, so bootstrap goes ahead.
    const r = cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files).toContainEqual({ path: '.mcp.json', action: 'update' });
    expect(JSON.parse(readFileSync(join(repo, '.mcp.json'), 'utf8')).mcpServers).toEqual({
      db: { command: 'db-mcp' },
      papertrail: PAPERTRAIL,
    });
    // A repository with history: its own configuration gets papertrail on the update branch.
    writeFileSync(join(repo, '.vscode/mcp.json'), '{"servers":{"mine":{"type":"http","url":"https://x"}}}\n');
    git(repo, 'commit', '-qam', 'our servers only');
    const up = cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws });
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ action: 'update-branch' });
    const proposed = JSON.parse(git(repo, 'show', 'update-spec-SPEC-0001:.vscode/mcp.json'));
    expect(proposed.servers).toEqual({ mine: { type: 'http', url: 'https://x' }, papertrail: PAPERTRAIL });
  });

  it('bootstrap --github reads the repository’s configuration and proposes it with papertrail added', async () => {
    const fake = await startFakeGitHub({ spec: 'ghec', login: 'octocat' });
    try {
      const ws = seedWorkspace();
      const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
      const bootstrap = async () => {
        const r = await cliAsync(['bootstrap', 'SPEC-0001', '--github', 'github/runner-infra', '--json'], {
          cwd: ws,
          env,
        });
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout);
      };
      await bootstrap();
      // The team replaces the configuration with its own servers only.
      const o = fakeOctokit(fake);
      const at = { owner: 'github', repo: 'runner-infra' };
      const ref = await o.rest.git.getRef({ ...at, ref: 'heads/main' });
      const parent = await o.rest.git.getCommit({ ...at, commit_sha: ref.data.object.sha });
      const ours = '{\n  "mcpServers": {\n    "db": { "command": "db-mcp" }\n  }\n}\n';
      const tree = await o.rest.git.createTree({
        ...at,
        base_tree: parent.data.tree.sha,
        tree: [{ path: '.mcp.json', mode: '100644', type: 'blob', content: ours }],
      });
      const commit = await o.rest.git.createCommit({
        ...at,
        message: 'Our servers',
        tree: tree.data.sha,
        parents: [parent.data.sha],
      });
      await o.rest.git.updateRef({ ...at, ref: 'heads/main', sha: commit.data.sha });

      const r = await bootstrap();
      expect(r.files.filter((f: { action: string }) => f.action !== 'keep')).toEqual([
        { path: '.mcp.json', action: 'update' },
      ]);
      const branch = await o.rest.git.getRef({ ...at, ref: 'heads/update-spec-SPEC-0001' });
      const head = await o.rest.git.getCommit({ ...at, commit_sha: branch.data.object.sha });
      const files = await o.rest.git.getTree({ ...at, tree_sha: head.data.tree.sha, recursive: '1' });
      const blob = files.data.tree.find((e) => e.path === '.mcp.json')!;
      const text = Buffer.from(
        (await o.rest.git.getBlob({ ...at, file_sha: blob.sha! })).data.content,
        'base64',
      ).toString('utf8');
      expect(JSON.parse(text).mcpServers).toEqual({ db: { command: 'db-mcp' }, papertrail: PAPERTRAIL });
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  }, 60_000);
});

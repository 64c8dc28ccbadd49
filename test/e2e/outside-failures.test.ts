import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import {
  jsonReply,
  type ScriptedServer,
  type SilentServer,
  startScriptedServer,
  startSilentServer,
} from '../helpers/bad-servers.js';
import { cli, cliAsync, seedWorkspace, tempDir } from '../helpers/cli.js';
import { mcpSession } from '../helpers/mcp.js';

// `plan` as a user runs it when the outside fails: a GitHub or a DATABASE_URL server that accepts and
// never answers, a GitHub that answers garbage, and one that echoes the token back. Each ends promptly
// with a stable code and exit 4, and the token never reaches the output.
describe('plan when the outside fails', () => {
  let bootstrapped: string;
  let silent: SilentServer;
  let garbage: ScriptedServer;
  let fake: FakeGitHub;
  const token = `ghp_${'Ab1Cd2Ef3'.repeat(4)}`;

  beforeAll(async () => {
    const ws = seedWorkspace();
    bootstrapped = join(tempDir(), 'runner-infra');
    const r = cli(['bootstrap', 'SPEC-0001', '--dir', bootstrapped], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    silent = await startSilentServer();
    garbage = await startScriptedServer(jsonReply(200, '{"labels": [oops'));
    fake = await startFakeGitHub({ login: 'github', token });
  });
  afterAll(async () => {
    await silent.close();
    await garbage.close();
    await fake.close();
  });

  /** A copy of the bootstrapped repository on `forge`. */
  function repo(forge: 'local' | 'github'): string {
    const dir = join(tempDir(), 'runner-infra');
    cpSync(bootstrapped, dir, { recursive: true });
    if (forge === 'github')
      writeFileSync(join(dir, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/runner-infra\n');
    return dir;
  }

  async function timed(args: string[], cwd: string, env: Record<string, string>) {
    const t0 = Date.now();
    const r = await cliAsync(args, { cwd, env });
    return { ...r, ms: Date.now() - t0 };
  }

  it('a GitHub API that never answers: forge/timeout, exit 4, within the configured deadline', async () => {
    const r = await timed(['plan', '--json'], repo('github'), {
      GITHUB_TOKEN: token,
      GITHUB_API_URL: silent.url,
      PAPERTRAIL_GITHUB_PACE: '0',
      PAPERTRAIL_GITHUB_TIMEOUT: '0.5',
    });
    expect(r.code).toBe(4);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({ code: 'forge/timeout', exit: 4 });
    expect(error.message).toContain('did not answer within 500 ms');
    expect(error.hint).toContain('PAPERTRAIL_GITHUB_TIMEOUT');
    expect(r.ms).toBeLessThan(20_000);
  });

  it('a DATABASE_URL server that never answers: store/timeout, exit 4, without the password', async () => {
    const r = await timed(['plan'], repo('local'), {
      DATABASE_URL: `postgres://pt:sekret-pw@127.0.0.1:${silent.port}/pt`,
      PAPERTRAIL_DATABASE_TIMEOUT: '0.5',
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error store/timeout');
    expect(r.stderr).toContain('within 500 ms');
    expect(r.stderr).toContain('PAPERTRAIL_DATABASE_TIMEOUT');
    expect(`${r.stdout}${r.stderr}`).not.toContain('sekret-pw');
    expect(r.ms).toBeLessThan(20_000);
  });

  it('invalid JSON from GitHub: forge/bad-response, exit 4', async () => {
    const r = await timed(['plan', '--json'], repo('github'), {
      GITHUB_TOKEN: token,
      GITHUB_API_URL: garbage.url,
      PAPERTRAIL_GITHUB_PACE: '0',
    });
    expect(r.code).toBe(4);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({ code: 'forge/bad-response', exit: 4 });
    expect(error.message).toContain('{\\"labels\\": [oops');
  });

  it('a token GitHub echoes in a header and an error body never reaches --json, stderr or MCP', async () => {
    const dir = repo('github');
    const env = { GITHUB_TOKEN: token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    const echo = () =>
      fake.fail({
        status: 401,
        headers: { 'x-github-request-id': token },
        body: { message: `Bad credentials ${token}`, documentation_url: `https://docs.example/?t=${token}` },
      });
    echo();
    const json = await cliAsync(['plan', '--json'], { cwd: dir, env });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'forge/unauthorized',
      details: { requestId: '[REDACTED]' },
    });
    echo();
    const text = await cliAsync(['plan'], { cwd: dir, env });
    expect(text.stderr).toContain('Bad credentials [REDACTED]');
    echo();
    const mcp = await mcpSession(dir, env);
    try {
      const error = await mcp.fail('plan', {});
      expect(error).toMatchObject({ code: 'forge/unauthorized', details: { requestId: '[REDACTED]' } });
      expect(JSON.stringify(error)).not.toContain(token);
      expect(mcp.stderr()).not.toContain(token);
    } finally {
      await mcp.close();
    }
    for (const r of [json, text]) expect(`${r.stdout}${r.stderr}`).not.toContain(token);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, cli, cliAsync, seedWorkspace, snapshot, tempDir } from '../helpers/cli.js';
import { mcpSession } from '../helpers/mcp.js';

// A person and an assistant (or two assistants) write to one workspace at once. Every command that
// hands out a number or edits a document holds the workspace lock from reading to writing.

const PROPOSAL = ['--problem', 'P', '--goal', 'G', '--option', 'O', '--recommendation', 'R', '--json'];

function initWorkspace(): string {
  const ws = tempDir();
  const r = cli(['init', '--json'], { cwd: ws });
  if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
  return ws;
}

const proposals = (ws: string) => readdirSync(join(ws, 'docs/proposals')).sort();
const outcome = (r: CliResult) => {
  const out = JSON.parse(r.stdout) as { id?: string; error?: { code: string } };
  return { code: r.code, id: out.id, error: out.error?.code };
};

/** A pid that certainly belonged to a process on this host which has since exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

describe('commands started at once in one workspace', () => {
  it('give proposals with different titles distinct numbers, each file its own', async () => {
    const ws = initWorkspace();
    const runs = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => cliAsync(['propose', '--title', `Race ${i}`, ...PROPOSAL], { cwd: ws })),
    );
    const got = runs.map(outcome);
    expect(got.map((g) => g.code)).toEqual([0, 0, 0, 0, 0]);
    expect(new Set(got.map((g) => g.id)).size).toBe(5);
    expect(proposals(ws)).toHaveLength(5);
    expect(proposals(ws).map((f) => f.slice(0, 9))).toEqual([
      'PROP-0001',
      'PROP-0002',
      'PROP-0003',
      'PROP-0004',
      'PROP-0005',
    ]);
    // Each command's proposal is in the file its output names.
    runs.forEach((r, i) => {
      const { file } = JSON.parse(r.stdout) as { file: string };
      expect(readFileSync(join(ws, file), 'utf8')).toContain(`# ${got[i]!.id}: Race ${i + 1}`);
    });
    expect(existsSync(join(ws, '.papertrail/docs.lock'))).toBe(false);
    expect(cli(['validate'], { cwd: ws }).code).toBe(0);
  }, 60_000);

  it('with one title: one proposal is written, the others are refused, none is overwritten', async () => {
    const ws = initWorkspace();
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() => cliAsync(['propose', '--title', 'Same', ...PROPOSAL], { cwd: ws })),
    );
    const got = runs.map(outcome);
    expect(got.filter((g) => g.code === 0)).toHaveLength(1);
    for (const g of got.filter((x) => x.code !== 0))
      expect(g).toEqual({ code: 3, id: undefined, error: 'doc/duplicate-title' });
    expect(proposals(ws)).toEqual(['PROP-0001-same.md']);

    // Asked to allow the duplicate, each gets its own number and file.
    const dup = await Promise.all(
      [1, 2, 3].map(() =>
        cliAsync(['propose', '--title', 'Same', '--allow-duplicate', ...PROPOSAL], { cwd: ws }),
      ),
    );
    expect(dup.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(proposals(ws)).toEqual([
      'PROP-0001-same.md',
      'PROP-0002-same.md',
      'PROP-0003-same.md',
      'PROP-0004-same.md',
    ]);
  }, 60_000);

  it('keep every requirement added and the status change made at the same time to one spec', async () => {
    const ws = seedWorkspace();
    const spec = () => readFileSync(join(ws, 'docs/specs', readdirSync(join(ws, 'docs/specs'))[0]!), 'utf8');
    const added = (n: number) => [
      'requirement',
      'add',
      'SPEC-0001',
      '--name',
      `Extra ${n}`,
      '--statement',
      `The runners SHALL handle extra case ${n}.`,
      '--scenario',
      `Case ${n}: GIVEN a runner WHEN case ${n} happens THEN it is handled`,
      '--json',
    ];
    let n = 0;
    for (const to of ['review', 'draft']) {
      const runs = await Promise.all([
        cliAsync(added(++n), { cwd: ws }),
        cliAsync(['status', 'SPEC-0001', to, '--json'], { cwd: ws }),
        cliAsync(added(++n), { cwd: ws }),
        cliAsync(added(++n), { cwd: ws }),
      ]);
      for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const ids = [0, 2, 3].map((i) => JSON.parse(runs[i]!.stdout).id as string);
      expect(new Set(ids).size).toBe(3);
      const text = spec();
      expect(text).toMatch(new RegExp(`^status: ${to}$`, 'm'));
      for (let k = 1; k <= n; k++) expect(text).toContain(`Extra ${k}`);
      for (const id of ids) expect(text).toContain(id.split('/')[1]);
    }
    expect(cli(['validate'], { cwd: ws }).code).toBe(0);
  }, 90_000);
});

describe('the workspace lock', () => {
  it('is taken over from a process that died holding it', () => {
    const ws = initWorkspace();
    mkdirSync(join(ws, '.papertrail'), { recursive: true });
    const lock = join(ws, '.papertrail/docs.lock');
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: '2026-01-01' }));
    const r = cli(['propose', '--title', 'After a crash', ...PROPOSAL], {
      cwd: ws,
      env: { PAPERTRAIL_DOCS_WAIT: '0' },
    });
    expect(outcome(r)).toEqual({ code: 0, id: 'PROP-0001', error: undefined });
    expect(existsSync(lock)).toBe(false);
  });

  it('held by a live process: writers wait, then fail with workspace/locked; readers do not wait', () => {
    const ws = seedWorkspace();
    const lock = join(ws, '.papertrail/docs.lock');
    // This test's own process is alive, so its lock is not stale.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: '2026-01-01' }));
    const before = snapshot(ws);
    const t0 = Date.now();
    const r = cli(['status', 'SPEC-0001', 'review', '--json'], {
      cwd: ws,
      env: { PAPERTRAIL_DOCS_WAIT: '0.4' },
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(r.code).toBe(3);
    const err = JSON.parse(r.stdout).error;
    expect(err.code).toBe('workspace/locked');
    expect(err.message).toContain(`process ${process.pid}`);
    expect(err.message).toContain('(waited 400 ms)');
    expect(err.hint).toContain('.papertrail/docs.lock');
    expect(snapshot(ws)).toEqual(before);

    for (const args of [['validate'], ['list', '--json'], ['show', 'SPEC-0001']]) {
      const read = cli(args, { cwd: ws, env: { PAPERTRAIL_DOCS_WAIT: '0' } });
      expect({ args, code: read.code }).toEqual({ args, code: 0 });
    }
    const dry = cli(['status', 'SPEC-0001', 'review', '--dry-run', '--json'], {
      cwd: ws,
      env: { PAPERTRAIL_DOCS_WAIT: '0' },
    });
    expect(dry.code).toBe(0);

    const bad = cli(['status', 'SPEC-0001', 'review'], { cwd: ws, env: { PAPERTRAIL_DOCS_WAIT: 'soon' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('config/bad-env');
  });

  it('is taken by the MCP server tools too: an assistant waits for the command a person runs', async () => {
    const ws = initWorkspace();
    const lock = join(ws, '.papertrail/docs.lock');
    const a = await mcpSession(ws, { PAPERTRAIL_DOCS_WAIT: '0.3' });
    try {
      mkdirSync(join(ws, '.papertrail'), { recursive: true });
      writeFileSync(
        lock,
        JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: '2026-01-01' }),
      );
      const request = { title: 'From the assistant', problem: 'P', goals: ['G'], recommendation: 'R' };
      expect(await a.fail('propose', request)).toMatchObject({ code: 'workspace/locked', exit: 3 });
      expect(proposals(ws)).toEqual([]);
      rmSync(lock);
      expect(await a.ok('propose', request)).toMatchObject({ id: 'PROP-0001' });
      expect(existsSync(lock)).toBe(false);
    } finally {
      await a.close();
    }
  }, 60_000);
});

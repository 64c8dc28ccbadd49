import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'papertrail.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (a subprocess), never on a TTY. */
export function cli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; input?: string },
): CliResult {
  return node([BIN, ...args], opts);
}

/** Runs Node with these arguments in the CLI's test environment (pinned date, no colour, CI). */
export function node(
  nodeArgs: string[],
  opts: { cwd: string; env?: Record<string, string>; input?: string },
): CliResult {
  const r = spawnSync(process.execPath, nodeArgs, {
    cwd: opts.cwd,
    encoding: 'utf8',
    input: opts.input ?? '',
    env: { ...process.env, PAPERTRAIL_TODAY: '2026-11-23', NO_COLOR: '1', CI: '1', ...opts.env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'pt-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Every file under a folder with its bytes, to prove a failed command changed nothing. Papertrail's
 * own caches (.papertrail/cache/) are left out: any command may keep what it worked out there.
 */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== '.git' && relative(dir, p) !== join('.papertrail', 'cache')) walk(p);
      } else out.set(relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

/** Like `cli`, without blocking this process: needed when the CLI talks to a server running in the test. */
export function cliAsync(
  args: string[],
  opts: { cwd: string; env?: Record<string, string> },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, PAPERTRAIL_TODAY: '2026-11-23', NO_COLOR: '1', CI: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const EXAMPLES = join(ROOT, 'examples/seed-000');

/**
 * A decisions workspace at the end of seed 000 Part 1 (PROP-0001 approved) and, unless `spec` is
 * false, Part 2 (SPEC-0001 written from the example request). Each step must succeed.
 */
export function seedWorkspace(opts: { spec?: boolean } = {}): string {
  const ws = tempDir();
  const steps = [
    ['init'],
    ['propose', '--from', join(EXAMPLES, 'prop-0001.yaml')],
    ['status', 'PROP-0001', 'approved'],
    ...(opts.spec === false ? [] : [['spec', '--from', join(EXAMPLES, 'spec-0001.json')]]),
  ];
  for (const args of steps) {
    const r = cli(args, { cwd: ws });
    if (r.code !== 0) throw new Error(`papertrail ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  }
  return ws;
}

/**
 * Seed 000 through Part 3 and the plan: the workspace, and the implementing repository bootstrapped
 * on the local forge with issues #1–#4. Each step must succeed.
 */
export function plannedRepo(): { ws: string; repo: string } {
  const ws = seedWorkspace();
  const repo = join(tempDir(), 'runner-infra');
  for (const [args, cwd] of [
    [['bootstrap', 'SPEC-0001', '--dir', repo], ws],
    [['plan'], repo],
  ] as const) {
    const r = cli([...args], { cwd });
    if (r.code !== 0) throw new Error(`papertrail ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  }
  return { ws, repo };
}

/** `papertrail propose` with every section filled by a one-word answer: a proposal that validates. */
export const minimalProposal = (title: string, extra: string[] = []): string[] => [
  'propose',
  '--title',
  title,
  '--problem',
  'P.',
  '--goal',
  'G',
  '--non-goal',
  'N',
  '--option',
  'A',
  '--pro',
  'p',
  '--con',
  'c',
  '--recommendation',
  'A.',
  ...extra,
];

// A generated GitHub Actions workflow, read back: GitHub's own parser's verdict on it, and its jobs'
// shell steps run with bash as a runner would (`bash --noprofile --norc -eo pipefail FILE`), with the
// `${{ }}` expressions they need filled in.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import type { ExecutorsWorkflowOptions } from '../../src/domain/ci/index.js';
import { tempDir } from './cli.js';

/** ci init's defaults, with a command of its own: what a test changes, it spreads over this. */
export const WORKFLOW_OPTIONS: ExecutorsWorkflowOptions = {
  strategy: 'collector',
  command: './scripts/agent.sh',
  ledgerBranch: 'papertrail/ledger',
  version: '0.1.0',
  runsOn: 'ubuntu-latest',
  preClaim: false,
};

/** Every error GitHub's workflow parser reports for the text, schema and expressions included. */
export async function workflowErrors(text: string, name = 'workflow.yml'): Promise<string[]> {
  const parsed = parseWorkflow({ name, content: text }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
  }
  return errors;
}

export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  strategy?: { 'fail-fast'?: boolean; matrix: string };
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export const readWorkflow = (text: string) => parse(text) as Workflow;

export function stepOf(job: Job, id: string): Step {
  const s = job.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

/**
 * `${{ matrix.K }}`, `${{ github.run_id }}`, `${{ strategy.job-index }}` and the expressions the test
 * gives in `exprs`, as written; any other is an error.
 */
/** The token GitHub gives a job, as the tests' runs see it (a local forge never reads it). */
export const JOB_TOKEN = 'ghs_jobTokenOfTheTestsRun0000000000000';

export function substitute(
  text: string,
  ctx: {
    matrix?: Record<string, unknown>;
    runId: string;
    index: number;
    exprs?: Record<string, string>;
  },
) {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expr: string) => {
    const m = /^matrix\.([\w-]+)$/.exec(expr);
    if (m && ctx.matrix && m[1]! in ctx.matrix) return String(ctx.matrix[m[1]!]);
    if (expr === 'github.run_id') return ctx.runId;
    if (expr === 'strategy.job-index') return String(ctx.index);
    if (ctx.exprs && expr in ctx.exprs) return ctx.exprs[expr]!;
    if (expr === 'secrets.GITHUB_TOKEN') return JOB_TOKEN;
    throw new Error(`the test does not know \${{ ${expr} }}`);
  });
}

/**
 * A `papertrail` on PATH that records each call and answers as the FAKE_* variables say. A claim
 * gives token FAKE_TOKEN (41) and a lease of FAKE_LEASE_SECONDS (300); the heartbeat numbered
 * FAKE_HEARTBEAT_REFUSE_AT is refused (exit 3), any other exits FAKE_HEARTBEAT_EXIT (0).
 */
export function fakePapertrail(): { bin: string; log: string; calls: () => string[][] } {
  const dir = tempDir('pt-fake-bin-');
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const bin = join(dir, 'papertrail');
  writeFileSync(
    bin,
    `#!/usr/bin/env bash
{ printf '%s\\x1f' "$@"; printf '\\n'; } >> "${log}"
case "$1 $2" in
  "work schedule") cat "$FAKE_SCHEDULE" ;;
  "work claim")
    for a in \${FAKE_REFUSE:-}; do [ "$4" = "$a" ] && {
      echo '{"ok":false,"error":{"code":"work/already-claimed"}}'
      echo "error work/already-claimed: attempt $4" >&2
      exit 3
    }; done
    [ "\${FAKE_CLAIM_EXIT:-0}" = 0 ] || exit "$FAKE_CLAIM_EXIT"
    until=$(date -u -d "@$(( $(date +%s) + \${FAKE_LEASE_SECONDS:-300} ))" +%Y-%m-%dT%H:%M:%SZ)
    printf '{"ok":true,"claimed":{"attempt":"%s","token":%s,"leaseExpiresAt":"%s"}}\n' "$4" "\${FAKE_TOKEN:-41}" "$until" ;;
  "work heartbeat")
    n=$(( $(grep -c '^work.heartbeat' "${log}") ))
    [ "$n" = "\${FAKE_HEARTBEAT_REFUSE_AT:-}" ] && { echo "error work/lease-lost: attempt $3" >&2; exit 3; }
    exit "\${FAKE_HEARTBEAT_EXIT:-0}" ;;
  "work complete" | "work fail" | "work collect") exit "\${FAKE_RECORD_EXIT:-0}" ;;
esac
`,
  );
  chmodSync(bin, 0o755);
  return {
    bin: dir,
    log,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\x1f').slice(0, -1)),
  };
}

export interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

interface StepOptions {
  cwd: string;
  env: Record<string, string>;
  path?: string;
  runnerTemp?: string;
}

function prepare(script: string, opts: StepOptions) {
  const temp = opts.runnerTemp ?? tempDir('pt-runner-temp-');
  mkdirSync(temp, { recursive: true });
  const file = join(tempDir('pt-step-'), 'step.sh');
  writeFileSync(file, script);
  const output = join(temp, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(output, '');
  const env = {
    PATH: `${opts.path ? `${opts.path}:` : ''}${process.env.PATH}`,
    HOME: process.env.HOME ?? '/tmp',
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: output,
    ...opts.env,
  };
  const args = ['--noprofile', '--norc', '-eo', 'pipefail', file];
  // stdin is /dev/null, as on a runner: a socket there (Node's pipes are sockets) makes every
  // `bash -c` the steps start read ~/.bashrc, as bash does under a remote shell daemon.
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  const outputs = () => {
    const found: Record<string, string> = {};
    for (const line of readFileSync(output, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) found[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return found;
  };
  return { env, args, stdio, outputs };
}

/** Runs one step's script the way a runner does, in `cwd`, with the environment given. */
export function runStep(script: string, opts: StepOptions): StepRun {
  const p = prepare(script, opts);
  const r = spawnSync('bash', p.args, {
    cwd: opts.cwd,
    encoding: 'utf8',
    env: p.env,
    stdio: p.stdio,
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: p.outputs() };
}

/**
 * runStep without blocking the event loop, for steps that talk to a server in the test's own
 * process (the fake GitHub); `ms` is how long the step took.
 */
export function runStepAsync(script: string, opts: StepOptions): Promise<StepRun & { ms: number }> {
  const p = prepare(script, opts);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', p.args, { cwd: opts.cwd, env: p.env, stdio: p.stdio, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr, outputs: p.outputs(), ms: Date.now() - started }),
    );
  });
}

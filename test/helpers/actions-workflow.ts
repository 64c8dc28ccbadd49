// A generated GitHub Actions workflow, read back: GitHub's own parser's verdict on it, and its jobs'
// shell steps run with bash as a runner would (`bash --noprofile --norc -eo pipefail FILE`), with the
// `${{ }}` expressions they need filled in.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import { tempDir } from './cli.js';

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

/** `${{ matrix.K }}`, `${{ github.run_id }}` and `${{ strategy.job-index }}`; any other is an error. */
export function substitute(
  text: string,
  ctx: { matrix?: Record<string, unknown>; runId: string; index: number },
) {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expr: string) => {
    const m = /^matrix\.([\w-]+)$/.exec(expr);
    if (m && ctx.matrix && m[1]! in ctx.matrix) return String(ctx.matrix[m[1]!]);
    if (expr === 'github.run_id') return ctx.runId;
    if (expr === 'strategy.job-index') return String(ctx.index);
    throw new Error(`the test does not know \${{ ${expr} }}`);
  });
}

/** A `papertrail` on PATH that records each call and answers as the FAKE_* variables say. */
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
    for a in \${FAKE_REFUSE:-}; do [ "$4" = "$a" ] && { echo "error work/already-claimed: attempt $4" >&2; exit 3; }; done
    exit "\${FAKE_CLAIM_EXIT:-0}" ;;
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

/** Runs one step's script the way a runner does, in `cwd`, with the environment given. */
export function runStep(
  script: string,
  opts: { cwd: string; env: Record<string, string>; path?: string; runnerTemp?: string },
): StepRun {
  const temp = opts.runnerTemp ?? tempDir('pt-runner-temp-');
  mkdirSync(temp, { recursive: true });
  const file = join(tempDir('pt-step-'), 'step.sh');
  writeFileSync(file, script);
  const output = join(temp, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(output, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd: opts.cwd,
    encoding: 'utf8',
    env: {
      PATH: `${opts.path ? `${opts.path}:` : ''}${process.env.PATH}`,
      HOME: process.env.HOME ?? '/tmp',
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output,
      ...opts.env,
    },
    timeout: 60_000,
  });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(output, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs };
}

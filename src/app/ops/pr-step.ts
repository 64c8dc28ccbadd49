import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, PtError } from '../../base/index.js';
import { checkGate, gateStatusOfCheck, interpolate, type PrFile } from '../../domain/ops/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import { Git } from '../../ports/git/index.js';
import { addArtifacts, addGates, setGate } from '../../ports/store/index.js';
import { notifyRunChange } from './notify.js';
import { CHECK_TIMEOUT_MS, checkCommand } from './policy.js';
import type { StepContext } from './step-context.js';

export interface OpenedPull {
  number: number;
  url: string;
  checksUrl: string;
  head: string;
  sha: string;
}

/**
 * A pull request with `files`, and the pattern every run that touches code ends with: a "Pull
 * Request" artifact, a "Checks" artifact, and a pending gate per check of the template ("CI: Tests"),
 * with the pull request's number and head in its details so a check's report finds it. On the local
 * forge the files are committed on a new branch beside the workspace's checkout, and each check with
 * a configured command is run against the head at once.
 */
export async function openPullStep(
  c: StepContext,
  pr: { title: string; body: string; branch: string; base?: string; files: PrFile[] },
  checks: readonly string[],
): Promise<OpenedPull> {
  const forge = c.forge;
  if (!forge) throw new Error('a pull-request step runs with the forge open');
  if (forge.kind !== 'local')
    throw new PtError(
      'ops/forge-files-unsupported',
      `Opening a pull request with files on ${forge.kind} is not built yet`,
      {
        hint: 'Run templates with pr steps on the local forge for now; on GitHub open the pull request with git push.',
        exit: EXIT.conflict,
      },
    );
  const title = interpolate(pr.title, c.vars);
  const branch = interpolate(pr.branch, c.vars);
  const base = pr.base ? interpolate(pr.base, c.vars) : 'main';
  const files = pr.files.map((f) => ({
    path: interpolate(f.path, c.vars),
    content: interpolate(f.content, c.vars),
  }));
  const git = new Git(c.app.ws.root);
  const sha = git.commitFilesOnto(branch, base, files, `${title}\n\nRun ${c.run.id}`);
  const made = await forge.createPullRequest({
    title,
    body: interpolate(pr.body, c.vars),
    head: branch,
    base,
    draft: false,
  });
  const url = `local:${forge.repo}#${made.number}`;
  const opened = { number: made.number, url, checksUrl: `${url}/checks`, head: branch, sha };
  c.log.add({
    level: 'success',
    source: 'forge',
    message: `Pull request #${made.number} opened: ${title}`,
    data: opened,
  });
  await addArtifacts(
    c.x,
    c.run.id,
    [
      { kind: 'link', title: 'Pull Request', value: url },
      { kind: 'link', title: 'Checks', value: opened.checksUrl },
      ...files.map((f) => ({ kind: 'file' as const, title: f.path, value: `${branch}:${f.path}` })),
    ],
    c.actor,
  );
  notifyRunChange({ type: 'artifact', run: c.run.id, title: 'Pull Request' });
  await addGates(
    c.x,
    c.run.id,
    checks.map((name) => ({
      name: checkGate(name),
      url: opened.checksUrl,
      details: { pr: made.number, head: branch, sha, check: name },
    })),
    c.actor,
  );
  for (const name of checks)
    notifyRunChange({ type: 'gate', run: c.run.id, gate: checkGate(name), status: 'pending' });
  if (checks.length) c.log.info('ci', `Waiting for CI checks: ${checks.join(', ')}`);
  await runLocalChecks(c, forge, opened, checks);
  return opened;
}

/** Runs each configured check against the pull request's head and moves its gate as the check ends. */
async function runLocalChecks(
  c: StepContext,
  forge: ForgePort,
  opened: OpenedPull,
  checks: readonly string[],
): Promise<void> {
  const runnable = checks.some((name) => checkCommand(c.app, name)) && !!c.deps.runCheck;
  // The checks run in a checkout of the head of their own, so they see the pull request's files
  // and the workspace's checkout is left as it is.
  const git = new Git(c.app.ws.root);
  const dir = runnable ? mkdtempSync(join(tmpdir(), 'papertrail-check-')) : null;
  if (dir) git.run(['worktree', 'add', '--detach', '--quiet', dir, opened.sha]);
  try {
    await eachCheck(c, forge, opened.number, checks, dir ?? c.app.ws.root);
  } finally {
    if (dir) {
      git.run(['worktree', 'remove', '--force', dir], { allowFail: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function eachCheck(
  c: StepContext,
  forge: ForgePort,
  pr: number,
  checks: readonly string[],
  cwd: string,
): Promise<void> {
  for (const name of checks) {
    const command = checkCommand(c.app, name);
    if (!command || !c.deps.runCheck) {
      c.log.add({
        level: 'info',
        source: 'ci',
        message: `${checkGate(name)} stays pending until the check reports (no command for it in papertrail.yaml ops.checks)`,
      });
      continue;
    }
    c.log.info('ci', `Running check ${name}: ${command}`);
    const r = await c.deps.runCheck(forge, cwd, {
      name,
      command,
      pr,
      timeoutMs: CHECK_TIMEOUT_MS,
      signal: c.signal,
    });
    const status = gateStatusOfCheck('completed', r.conclusion);
    await setGate(
      c.x,
      c.run.id,
      checkGate(name),
      { status, details: { pr, check: name, conclusion: r.conclusion, exitCode: r.exitCode } },
      'ci',
    );
    notifyRunChange({ type: 'gate', run: c.run.id, gate: checkGate(name), status });
    c.log.add({
      level: status === 'pass' ? 'success' : status === 'fail' ? 'error' : 'info',
      source: 'ci',
      message: `${checkGate(name)}: ${status} (${r.conclusion})`,
    });
  }
}

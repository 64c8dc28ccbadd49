import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

interface PullToOpen {
  title: string;
  body: string;
  branch: string;
  base: string;
  files: { path: string; content: string }[];
  message: string;
}

/**
 * A pull request with `files`, and the pattern every run that touches code ends with: a "Pull
 * Request" artifact, a "Checks" artifact, and a pending gate per check of the template ("CI: Tests"),
 * with the pull request's number and head in its details so a check's report finds it. On the local
 * forge the files are committed on a new branch beside the workspace's checkout, and each check with
 * a configured command is run against the head at once; on GitHub they are committed through its API
 * and GitHub's own CI reports the checks.
 */
export async function openPullStep(
  c: StepContext,
  pr: { title: string; body: string; branch: string; base?: string; files: PrFile[] },
  checks: readonly string[],
): Promise<OpenedPull> {
  const forge = c.forge;
  if (!forge) throw new Error('a pull-request step runs with the forge open');
  const title = interpolate(pr.title, c.vars);
  const want: PullToOpen = {
    title,
    body: interpolate(pr.body, c.vars),
    branch: interpolate(pr.branch, c.vars),
    base: pr.base ? interpolate(pr.base, c.vars) : 'main',
    files: pr.files.map((f) => ({
      path: interpolate(f.path, c.vars),
      content: interpolate(f.content, c.vars),
    })),
    message: `${title}\n\nRun ${c.run.id}`,
  };
  const opened =
    forge.branches === 'forge' ? await openOnForge(c, forge, want) : await openInWorkspace(c, forge, want);
  const { branch, files } = want;
  await addArtifacts(
    c.x,
    c.run.id,
    [
      { kind: 'link', title: 'Pull Request', value: opened.url },
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
      details: { pr: opened.number, head: branch, sha: opened.sha, check: name },
    })),
    c.actor,
  );
  for (const name of checks)
    notifyRunChange({ type: 'gate', run: c.run.id, gate: checkGate(name), status: 'pending' });
  if (checks.length) c.log.info('ci', `Waiting for CI checks: ${checks.join(', ')}`);
  if (forge.branches === 'workspace') await runLocalChecks(c, forge, opened, checks);
  return opened;
}

async function openInWorkspace(c: StepContext, forge: ForgePort, want: PullToOpen): Promise<OpenedPull> {
  const git = new Git(c.app.ws.root);
  const sha = git.commitFilesOnto(want.branch, want.base, want.files, want.message);
  const made = await forge.createPullRequest({
    title: want.title,
    body: want.body,
    head: want.branch,
    base: want.base,
    draft: false,
  });
  const url = `local:${forge.repo}#${made.number}`;
  const opened = { number: made.number, url, checksUrl: `${url}/checks`, head: want.branch, sha };
  c.log.add({
    level: 'success',
    source: 'forge',
    message: `Pull request #${made.number} opened: ${want.title}`,
    data: opened,
  });
  return opened;
}

/**
 * The files committed on the forge's branch and the pull request opened from it. A second attempt
 * (after a crash between the commit and the pull request, or a lost answer) finds the branch with
 * the files already there and commits nothing, and finds the pull request from it instead of opening
 * another.
 */
async function openOnForge(c: StepContext, forge: ForgePort, want: PullToOpen): Promise<OpenedPull> {
  const commit = await forge.commitFiles({
    branch: want.branch,
    base: want.base,
    message: want.message,
    files: want.files,
  });
  c.log.info(
    'forge',
    commit.changed
      ? `Committed ${want.files.length} file(s) on ${want.branch} (${commit.sha.slice(0, 7)})`
      : `${want.branch} already has the files (${commit.sha.slice(0, 7)})`,
  );
  const found = (await forge.listPullRequests()).find((p) => p.head === want.branch);
  const made =
    found ??
    (await forge.createPullRequest({
      title: want.title,
      body: want.body,
      head: want.branch,
      base: want.base,
      draft: false,
    }));
  const url = made.url ?? `${forge.repo}#${made.number}`;
  const opened = {
    number: made.number,
    url,
    checksUrl: `${url}/checks`,
    head: want.branch,
    sha: commit.sha,
  };
  c.log.add({
    level: 'success',
    source: 'forge',
    message: `Pull request #${made.number} ${found ? 'found' : 'opened'}: ${want.title}`,
    data: opened,
  });
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

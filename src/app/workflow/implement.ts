import { PtError } from '../../base/index.js';
import { runbookGate } from '../../domain/governance/index.js';
import { markerOf } from '../../domain/plan/index.js';
import type { ForgeIssue, ForgePort, ForgePullRequest, NewPullRequest } from '../../ports/forge/index.js';
import { Git } from '../../ports/git/index.js';
import { type ImplementingSpec, loadImplementingSpec } from '../kernel/implementing/index.js';
import { type App, branchFor, requirementName, withForge } from '../kernel/index.js';
import { type ContextClone, cloneContexts } from './plan/contexts.js';
import { readDependencies } from './plan/dependencies-file.js';
import { findNextIssue } from './plan/next.js';
import { resolvedIssues } from './pull-request.js';

export interface ImplementResult {
  issue: number;
  key: string;
  branch: string;
  commit: string | null;
  /** On a dry run, the pull request that would be opened (no number yet). */
  pullRequest: ForgePullRequest | PlannedPullRequest;
  created: boolean;
  dryRun: boolean;
  /** The requirement's runbook, when there is one (required to be ACCEPTED by governance.runbooks). */
  runbook: string | null;
  /** The clones of the spec's dependencies, refreshed before work starts (upstream's step 0). */
  contexts: ContextClone[];
}

export type PlannedPullRequest = NewPullRequest & {
  number: null;
  state: 'planned';
};

export { branchFor };

function prBody(issue: ForgeIssue, key: string, s: ImplementingSpec, runbook: string | null): string {
  const all = [s.spec, ...s.extensions];
  const [docId, localId] = key.split('/');
  const doc = all.find((d) => d.id === docId);
  const req = doc?.requirements.find((r) => r.localId === localId);
  const scenarios =
    req?.scenarios.map(
      (sc) =>
        `- [ ] **${sc.name}**: ${sc.steps.map((x) => `${x.keyword} ${x.text.replace(/\n/g, ' ')}`).join(', ')}`,
    ) ?? [];
  return [
    '## Summary',
    '',
    `Implements #${issue.number}: ${req?.name ?? issue.title}.`,
    '',
    '## Specification Reference',
    '',
    `- Requirement: \`${key}\` in \`.github/spec/${doc?.kind === 'extension' ? `extensions/${doc.path.split('/').pop()}` : 'spec.md'}\``,
    ...(req ? [`- Statement: ${req.statement}`] : []),
    '',
    '## Validation',
    '',
    ...(scenarios.length ? scenarios : ['- [ ] The requirement’s scenarios pass']),
    ...(runbook ? ['', '## Runbook', '', `[${runbook}](${runbook})`] : []),
    '',
    `Resolves #${issue.number}`,
  ].join('\n');
}

/**
 * `implement`: starts work on an issue (the next one by default): branch `implement/issue-N-slug`
 * from the default branch, a first commit that says "Resolves #N", and a draft pull request whose
 * checklist is the requirement's scenarios; then the clones of the spec's dependencies are refreshed.
 * Running it again for the same issue returns the existing branch and pull request, finishing
 * whatever a killed run left out: each step (branch, its commit, the pull request) is made only when
 * it is missing. The forge is open for the call and closed before it returns.
 */
export async function implementIssue(
  app: App,
  opts: { issue?: number; base?: string; dryRun?: boolean } = {},
): Promise<ImplementResult> {
  const s = loadImplementingSpec(app);
  return withForge(
    app,
    async (forge) => {
      // Read before anything is written: a bad dependencies file stops here, as it stops plan.
      const dependencies = readDependencies(app);
      const started = await startWork(app, forge, s, opts);
      // The clones the implementer reads, brought up to date (a dry run only says what it would do).
      return { ...started, contexts: cloneContexts(app, { dryRun: opts.dryRun, dependencies }) };
    },
    { readOnly: !!opts.dryRun },
  );
}

async function startWork(
  app: App,
  forge: ForgePort,
  s: ImplementingSpec,
  opts: { issue?: number; base?: string; dryRun?: boolean },
): Promise<Omit<ImplementResult, 'contexts'>> {
  const issues = await forge.listIssues({ label: `spec:${s.spec.id}` });
  let issue: ForgeIssue | undefined;
  if (opts.issue === undefined) {
    const n = await findNextIssue(forge, s.spec.id);
    if (!n.issue) {
      throw new PtError('implement/nothing-ready', 'No open issue is free of blockers', {
        hint: n.blocked.length
          ? `Waiting: ${n.blocked.map((b) => `#${b.number} on ${b.waitingFor.map((w) => `#${w}`).join(', ')}`).join('; ')}`
          : 'Every issue is closed; run "papertrail plan" after the spec changes.',
        exit: 3,
      });
    }
    issue = n.issue;
  } else {
    issue = issues.find((i) => i.number === opts.issue);
    if (!issue)
      throw new PtError('issue/not-found', `#${opts.issue} is not an issue of ${s.spec.id}`, {
        hint: 'papertrail next lists the available one.',
        exit: 3,
      });
    if (issue.state !== 'open')
      throw new PtError('issue/closed', `#${issue.number} is closed`, {
        hint: `Reopen it first (papertrail issue reopen ${issue.number}), or papertrail next for the next open one.`,
        exit: 3,
      });
    const open = new Set(issues.filter((i) => i.state === 'open').map((i) => i.number));
    const waiting = (await forge.listBlockedBy(issue.number)).filter((b) => open.has(b));
    if (waiting.length) {
      throw new PtError(
        'issue/blocked',
        `#${issue.number} is blocked by ${waiting.map((w) => `#${w}`).join(', ')}`,
        { hint: 'Finish those first, or pick another with "papertrail next".', exit: 3 },
      );
    }
  }
  const key = markerOf(issue.body);
  if (!key)
    throw new PtError('issue/not-planned', `#${issue.number} was not created by papertrail plan`, {
      hint: 'implement works on the requirement issues plan made; papertrail next lists the available one.',
      exit: 3,
    });
  // Refused here, before any branch or pull request exists, when the workspace requires runbooks.
  const gate = runbookGate(
    { root: app.ws.root, cwd: app.cwd, required: app.ws.config.governance?.runbooks === 'required' },
    issue.number,
    key,
  );
  const name = requirementName(issue.title);
  const branch = branchFor(issue.number, name);
  const message = `Implement: ${name}\n\nResolves #${issue.number}\n\n- Requirement ${key}`;
  // A forge that makes branches itself (GitHub) needs no git here; `git fetch` brings them.
  const git = forge.branches === 'workspace' ? new Git(app.ws.root) : null;
  const existing = (await forge.listPullRequests()).find((p) => p.head === branch);
  if (existing) {
    // A branch can still lack its commit (made by hand, or by a version that created the branch and
    // the commit in two steps and was killed in between): an open PR gets it back, a closed one is history.
    const finish = git?.isRepo() && existing.state === 'open' && !opts.dryRun ? git : null;
    return {
      issue: issue.number,
      key,
      branch,
      commit: finish ? finishBranch(finish, branch, existing.base, issue.number, message) : null,
      pullRequest: existing,
      created: false,
      dryRun: !!opts.dryRun,
      runbook: gate.file,
    };
  }

  const base = opts.base ?? 'main';
  const pr = {
    title: `Implement #${issue.number}: ${name}`,
    body: prBody(issue, key, s, gate.file),
    head: branch,
    base,
    draft: true,
  };
  if (git) {
    if (!git.isRepo() || !git.hasCommits())
      throw new PtError('git/not-a-repo', `${app.ws.root} is not a git repository with commits`, {
        hint: 'Run implement in the repository bootstrap made (papertrail bootstrap SPEC-NNNN --dir PATH).',
        exit: 3,
      });
    if (!git.isClean())
      throw new PtError('implement/dirty', 'The working tree has uncommitted changes', {
        hint: 'Commit or stash them first; nothing was changed.',
        exit: 3,
      });
  }
  if (opts.dryRun) {
    const pullRequest: PlannedPullRequest = { ...pr, number: null, state: 'planned' };
    return {
      issue: issue.number,
      key,
      branch,
      commit: null,
      pullRequest,
      created: false,
      dryRun: true,
      runbook: gate.file,
    };
  }
  let commit: string | null = null;
  if (git) {
    // A branch left by a killed run is finished, not started again.
    commit = finishBranch(git, branch, base, issue.number, message);
    git.checkout(branch);
  } else {
    // The branch lives on the forge (GitHub); `git fetch` brings it here.
    commit = await forge.startBranch(branch, base, message);
  }
  const pullRequest = await forge.createPullRequest(pr);
  return {
    issue: issue.number,
    key,
    branch,
    commit,
    pullRequest,
    created: true,
    dryRun: false,
    runbook: gate.file,
  };
}

/**
 * Makes sure `branch` exists and carries a commit that resolves the issue, which is what closes it on
 * merge: the branch is created with that commit, or the commit is added when it is missing. Returns
 * the commit made, or null when there was nothing to do.
 */
function finishBranch(git: Git, branch: string, base: string, issue: number, message: string): string | null {
  if (!git.branchExists(branch)) return git.commitEmptyOnto(branch, base, message, true);
  // Without the base here the branch's own commits cannot be told apart; it is left as it is.
  if (!git.run(['rev-parse', '--verify', '-q', '--end-of-options', `${base}^{commit}`], { allowFail: true }))
    return null;
  if (resolvedIssues(git.messages(`${base}..${branch}`)).includes(issue)) return null;
  return git.commitEmptyOnto(branch, branch, message, false);
}

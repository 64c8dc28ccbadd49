// Baseline integration, done by Papertrail itself: when the executor completes the item's `integrate`
// step, the item's pull request is merged through the forge before the completion is recorded. The
// executor's command does what it likes before (a last rebase, release notes); the merge is not its to
// do, so that it happens once, only after every gate of the item passed, and is recorded with the
// completion. On the local forge it is `pr merge`'s merge; on GitHub it is GitHub's merge API, whose
// branch protection still decides (a refusal fails the attempt with GitHub's reason). A pull request
// found merged already (a re-run after a lost answer, a merge on GitHub's page) counts as integrated.
import { PtError } from '../../base/index.js';
import {
  byRunOrder,
  type HandoffArtifact,
  integrationReverted,
  type Workflow,
} from '../../domain/execution/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import { appendAudit, readPlanState, type WorkItem } from '../../ports/store/index.js';
import { mergePull } from '../kernel/implementing/index.js';
import { type App, openForge, type WorkStore } from '../kernel/index.js';
import type { Engine } from './advance.js';
import { pullRequestOf } from './ci-gate.js';
import { handoffContext, keepArtifact } from './handoff-context.js';
import { itemViews } from './states.js';

/** The step whose completion merges the item's pull request. */
export const INTEGRATE_STEP = 'integrate';

export interface Integration {
  pr: number;
  /** The merge commit (null when the pull request was merged before, on the forge). */
  commit: string | null;
}

const refuse = (code: string, message: string, hint: string) => new PtError(code, message, { hint, exit: 3 });

/**
 * Whether a completion opens the local forge with the store (it lives in the store's connection, so
 * that is cheap): the workflow has an integrate step or a CI gate, and the forge is not GitHub.
 */
export const localForgeFor = (app: App, wf: Workflow) =>
  app.ws.config.forge !== 'github' &&
  wf.steps.some((s) => s.key === INTEGRATE_STEP || s.gates?.some((g) => g.kind === 'ci-checks'));

/**
 * Merges the pull request of the item whose integrate attempt `attempt` is being completed under
 * `token`. Null when the attempt is not that (another step, or a token the completion will refuse).
 * Refused (exit 3) when a gate of the item has not passed, the item has no pull request, or the
 * pull request cannot be merged (a draft, conflicts, branches missing): nothing is merged then.
 */
export async function integrateFirst(
  app: App,
  s: WorkStore,
  wf: Workflow,
  args: { attempt: number; token: number },
): Promise<Integration | null> {
  const a = await s.x.db.selectFrom('attempts').selectAll().where('id', '=', args.attempt).executeTakeFirst();
  if (!a || a.step_key !== INTEGRATE_STEP || a.status !== 'running' || a.fencing_token !== args.token)
    return null;
  const [view] = itemViews(await readPlanState(s.x.db, s.planKey, [a.work_item_id]), wf, new Date());
  if (!view) return null;
  const issue = view.item.issue_number;
  const integrate = wf.steps.find((st) => st.key === INTEGRATE_STEP)!;
  // The gates of the steps before integration; a later step's gates judge the integrated work.
  for (const step of wf.steps) {
    if (!step.gates?.length || byRunOrder(step, integrate) >= 0) continue;
    const rows = view.gates.get(step.key) ?? [];
    const open = step.gates.filter(
      (g) => !rows.some((r) => r.gate_key === g.key && (r.status === 'pass' || r.status === 'skipped')),
    );
    if (open.length)
      throw refuse(
        'integrate/gates-not-passed',
        `#${issue} cannot be integrated: gate ${open.map((g) => g.key).join(', ')} of step ${step.key} has not passed`,
        'papertrail work list shows the gates; the pull request is merged only after all of them pass.',
      );
  }
  // GitHub's forge is opened for an integrate step only: other completions need no token or network.
  const remote = s.forge ? null : await openForge(app);
  try {
    return await mergeOf(app, remote?.forge ?? s.forge!, view.item.branch, issue);
  } finally {
    await remote?.close();
  }
}

async function mergeOf(
  app: App,
  forge: ForgePort,
  branch: string | null,
  issue: number,
): Promise<Integration> {
  const prs = await forge.listPullRequests();
  const pr = pullRequestOf(prs, branch);
  if (!pr) {
    const merged = prs.filter((p) => p.head === branch && p.merged).sort((x, y) => y.number - x.number)[0];
    if (merged) return { pr: merged.number, commit: null };
    throw refuse(
      'integrate/no-pull-request',
      `#${issue} has no open pull request from ${branch ?? 'its branch'} to integrate`,
      `Open one from ${branch ?? 'the branch'} (papertrail implement ${issue} does), then run the integrate step again.`,
    );
  }
  if (forge.review === 'forge') {
    // The head as listed: GitHub refuses the merge (forge/head-changed) if a push moved it since.
    const m = await forge.mergePullRequest(pr.number, {
      ...(pr.headSha ? { sha: pr.headSha } : {}),
      title: `Integrate #${issue}: ${pr.title} (#${pr.number})`,
    });
    return { pr: pr.number, commit: m.commit };
  }
  const r = await mergePull(app, forge, pr.number);
  return { pr: pr.number, commit: r.commit };
}

/**
 * Records that a gate rejection undid an item's integration (`gate reject --revert`): an audit record
 * and an attempt-rejected artifact that says so, after the integration. The merge itself is reverted
 * on the base branch by whoever asked for it; the rework merges again at its integrate step.
 */
export async function recordRevert(
  e: Engine,
  item: WorkItem,
  attemptId: number,
  stepKey: string,
  actor: string,
  reason: string,
  reentry: string,
): Promise<HandoffArtifact> {
  await appendAudit(e.x, [
    {
      actor,
      type: 'integration-reverted',
      data: { workItem: item.id, attempt: attemptId, step: stepKey, reentryStep: reentry, reason },
    },
  ]);
  const ctx = handoffContext(item, e.wf, stepKey, attemptId, actor);
  const a = integrationReverted(ctx, reason, reentry);
  await keepArtifact(e.x, item, attemptId, a);
  return a;
}

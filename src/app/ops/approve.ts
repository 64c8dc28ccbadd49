import { EXIT, PtError } from '../../base/index.js';
import { approvalRefusal } from '../../domain/ops/index.js';
import { type ExecDb, expireApproval, overdueRuns, recordApproval } from '../../ports/store/index.js';
import { type App, actorOf, withStore } from '../kernel/index.js';
import type { OpsDeps } from './deps.js';
import { type ExecuteOptions, executeRun } from './execute.js';
import { notifyRunChange } from './notify.js';
import { approvalPolicy } from './policy.js';
import { type RunView, resolveRun, runView, shortId } from './view.js';

/**
 * Denies every waiting run whose approval deadline has passed (gate failed, run in error, the timeout
 * in the audit trail), in the caller's store session; returns their ids. Reads of runs call it
 * first, so a deadline holds without anything running on a timer.
 */
export async function expireOverdue(x: ExecDb): Promise<string[]> {
  const out: string[] = [];
  for (const r of await overdueRuns(x.db)) {
    if (await expireApproval(x, r.id, 'papertrail')) {
      out.push(r.id);
      notifyRunChange({
        type: 'status',
        run: r.id,
        status: 'error',
        waitedMs: Date.now() - r.created_at.getTime(),
      });
    }
  }
  return out;
}

/** expireOverdue in a store session of its own (for a server's timer). */
export function expireApprovals(app: App): Promise<string[]> {
  return withStore(app, ({ x }) => expireOverdue(x));
}

export interface ApproveRequest {
  run: string;
  reason: string;
  actor?: string;
}

export interface ApproveResult {
  run: RunView;
  approvals: number;
  quorum: number;
  /** The quorum is reached: the run is queued (and run here, unless asked not to). */
  released: boolean;
  executed: boolean;
}

const REFUSALS = {
  'no-reason': [
    'ops/no-reason',
    'An approval needs a written reason',
    'Say why: --reason "change window, INC-123".',
  ],
  'self-approval': [
    'ops/self-approval',
    'The person who asked for a run cannot approve it',
    'Another person approves it (four eyes).',
  ],
  'not-an-approver': [
    'ops/not-an-approver',
    'Only the approvers named in papertrail.yaml may approve runs',
    'Ask one of ops.approvers.',
  ],
} as const;

/**
 * "Run Anyway": one approval of a run that waits, with a reason, by someone other than its requester
 * (and one of the configured approvers, when there are). Approver, time, reason and the exact inputs
 * approved go into the audit trail. At its quorum the run is released and, unless `execute` is
 * false, run here.
 */
export async function approveRun(
  app: App,
  req: ApproveRequest,
  deps: OpsDeps,
  opts: ExecuteOptions & { execute?: boolean } = {},
): Promise<ApproveResult> {
  const approver = req.actor ?? opts.actor ?? actorOf(app.ws.root);
  const r = await withStore(app, async ({ x }) => {
    await expireOverdue(x);
    const run = await resolveRun(x.db, req.run);
    const refusal = approvalRefusal(run.requested_by, approver, req.reason, approvalPolicy(app));
    if (refusal) {
      const [code, message, hint] = REFUSALS[refusal];
      throw new PtError(code, message, { hint, exit: EXIT.conflict });
    }
    const out = await recordApproval(x, run.id, { approver, reason: req.reason.trim() });
    if (out.kind === 'missing')
      throw new PtError('ops/unknown-run', `There is no run "${req.run}"`, {
        hint: 'papertrail ops list shows the runs and their ids.',
        exit: EXIT.conflict,
      });
    if (out.kind === 'not-waiting')
      throw new PtError(
        'ops/not-waiting',
        `Run ${shortId(run.id)} is ${out.run.status}: it waits for no approval`,
        {
          hint: out.run.error_message?.includes('timed out')
            ? 'Its approval timed out; start it again.'
            : 'Only a waiting run is approved.',
          exit: EXIT.conflict,
        },
      );
    if (out.kind === 'already')
      throw new PtError('ops/already-approved', `${approver} has approved run ${shortId(run.id)} already`, {
        hint: `It needs ${run.quorum} different approvers.`,
        exit: EXIT.conflict,
      });
    return {
      id: run.id,
      approvals: out.approvals,
      quorum: out.run.quorum,
      released: out.released,
      view: await runView(x.db, out.run),
    };
  });
  if (r.released)
    notifyRunChange({
      type: 'status',
      run: r.id,
      status: 'queued',
      waitedMs: Date.now() - Date.parse(r.view.createdAt),
    });
  if (!r.released || opts.execute === false)
    return { run: r.view, approvals: r.approvals, quorum: r.quorum, released: r.released, executed: false };
  const run = await executeRun(app, r.id, deps, { ...opts, actor: approver });
  return { run, approvals: r.approvals, quorum: r.quorum, released: true, executed: true };
}

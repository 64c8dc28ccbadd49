// A person's decision on a gate of the git ledger: the store's rules (decideGateOf), written as one
// commit of the gate file, the handoff artifacts and the audit records, pushed with the same
// compare-and-swap as a claim. Of two reviewers racing on one gate, one push lands; the other reads the
// new tip, finds the gate decided and is refused, as on the store.
import { EXIT, PtError, redactErrorText } from '../../base/index.js';
import {
  type AuditEntry,
  attemptRejected,
  attemptStatus,
  byRunOrder,
  gateApproved,
  gatePath,
  gateRejected,
  type HandoffArtifact,
  handoffPath,
  integrationReverted,
  type LedgerFiles,
  type LedgerGate,
  type LedgerRework,
  latestAttempts,
  ledgerJson,
  ledgerScheduleItems,
  readLedgerState,
  rewind,
  reworkPath,
  type Workflow,
} from '../../domain/execution/index.js';
import type { LedgerChange } from '../../ports/ledger/index.js';
import { type App, actorOf } from '../kernel/index.js';
import type { GateArgs, GateResult } from './gate-decision.js';
import { GATE_REFUSALS } from './gate-refusals.js';
import { nextStepAfter } from './handoff-info.js';
import { INTEGRATE_STEP } from './integrate.js';
import { artifactFile, auditFiles, handoffCtx, retryRule, withLedger } from './ledger.js';
import { workflowOf } from './workflow-of.js';

/** The ledger's decision: attempts are named by text, and the next `work schedule` queues the rework. */
export type LedgerGateResult = Omit<GateResult, 'queued'> & {
  queued: never[];
  /** The steps that follow, or the rework, are queued by the next `work schedule`. */
  scheduleNext: true;
};

export interface LedgerDecision {
  args: GateArgs;
  reviewer: string;
  /** Recorded with the decision; the first is the person's reason, or the checks' verdicts. */
  reasons: string[];
  /**
   * The CI rule on a pull request's checks rather than a person: no four eyes to keep (the rule did
   * none of the work), and a failure after integration sends the item back with a revert.
   */
  ci?: boolean;
}

/**
 * One decision on an open gate, as the files one commit writes: the gate file, the handoff artifacts,
 * the audit records and the rework marks. Throws the store's refusals when the gate is not open.
 */
export function decideLedgerGate(
  app: App,
  wf: Workflow,
  retryAt: ReturnType<typeof retryRule>,
  v: LedgerFiles,
  d: LedgerDecision,
): { change: LedgerChange; result: LedgerGateResult } {
  const { args, reviewer, reasons } = d;
  const reason = reasons.join('; ');
  const s = readLedgerState(v);
  const item = s.items.find((i) => i.issue === args.issue);
  if (!item) throw GATE_REFUSALS.noItem(args.issue);
  const step = wf.steps.find((st) => st.gates?.some((g) => g.key === args.gate));
  const gate = step?.gates?.find((g) => g.key === args.gate);
  if (!step || !gate) throw GATE_REFUSALS.unknownGate(wf, item.workflow, args.gate);
  const now = new Date();
  const planned = ledgerScheduleItems(s, wf, now, retryAt).find((i) => i.issue === item.issue)!;
  if (planned.cancelled) throw GATE_REFUSALS.cancelled(args.issue);
  const latest = latestAttempts(item);
  const attempt = latest.get(step.key);
  const file = s.gates.get(`${item.issue}-${gate.key}`);
  const done = (id: string | undefined) => !!id && attemptStatus(s, id) === 'done' && !s.rework.has(id);
  if (!attempt || !done(attempt.attempt) || !file || file.attempt !== attempt.attempt)
    throw GATE_REFUSALS.notOpen(args.gate, args.issue, step.key);
  if (file.status !== 'pending') throw GATE_REFUSALS.alreadyDecided(args.gate, args.issue, file.status);
  if (args.decision === 'approve' && gate.kind === 'governance-panel')
    throw GATE_REFUSALS.panelOnly(args.gate, item.requirement ?? `ISSUE-${item.issue}`, '');
  const upTo = [...wf.steps].sort(byRunOrder);
  const keys = upTo.map((st) => st.key);
  const workers = new Set(
    upTo
      .slice(0, keys.indexOf(step.key) + 1)
      .map((st) => {
        const a = latest.get(st.key);
        return a ? s.claims.get(a.attempt)?.executor : undefined;
      })
      .filter((x): x is string => !!x),
  );
  if (args.decision === 'approve' && !d.ci && workers.has(reviewer))
    throw GATE_REFUSALS.fourEyes(reviewer, args.issue, args.gate);
  let reentry: string | null = null;
  let rework: string[] = [];
  if (args.decision === 'reject') {
    reentry = args.reentryStep ?? gate.reentryStepKey ?? step.key;
    if (!keys.includes(reentry) || keys.indexOf(reentry) > keys.indexOf(step.key))
      throw GATE_REFUSALS.badReentry(reentry, step.key, item.workflow, keys);
    const after = rewind(wf, planned.steps ?? {}, reentry);
    rework = keys.filter((k) => after[k] === 'pending' && done(latest.get(k)?.attempt));
    if (rework.includes(INTEGRATE_STEP) && !args.revert && !d.ci)
      throw GATE_REFUSALS.pastIntegration(args.gate, args.issue, reentry, '');
  }

  const at = now.toISOString();
  const decided: LedgerGate = {
    ...file,
    status: args.decision === 'approve' ? 'pass' : 'fail',
    decidedBy: reviewer,
    decidedAt: at,
    reasons,
    ...(reentry ? { reentryStep: reentry } : {}),
  };
  const files: LedgerChange['files'] = [
    { path: gatePath(item.issue, gate.key), content: ledgerJson(decided) },
  ];
  const entries: AuditEntry[] = [
    {
      at,
      actor: reviewer,
      type: args.decision === 'approve' ? 'gate-approved' : 'gate-rejected',
      data: {
        issue: item.issue,
        gate: gate.key,
        step: step.key,
        attempt: attempt.attempt,
        reasons,
        reviewer,
        ...(reentry ? { reentryStep: reentry } : {}),
      },
    },
  ];
  const ctx = handoffCtx(app, wf, item, step.key, attempt.attempt, reviewer);
  const artifacts: HandoffArtifact[] = [];
  if (args.decision === 'approve')
    artifacts.push(gateApproved(ctx, gate.key, reasons, nextStepAfter(wf, step.key)));
  else
    artifacts.push(gateRejected(ctx, gate.key, reasons, reentry!), attemptRejected(ctx, reasons, reentry!));
  for (const a of artifacts) files.push(artifactFile(a));

  const reworked = rework.map((k) => latest.get(k)!.attempt);
  if (reworked.length) {
    for (const [i, id] of reworked.entries()) {
      const mark: LedgerRework = {
        attempt: id,
        issue: item.issue,
        step: rework[i]!,
        gate: gate.key,
        actor: reviewer,
        at,
        reason,
      };
      files.push({ path: reworkPath(id), content: ledgerJson(mark) });
    }
    // The store skips the pending gates of reworked attempts: they judge work that is done again.
    for (const g of s.gates.values())
      if (
        g.issue === item.issue &&
        g.status === 'pending' &&
        g.gate !== gate.key &&
        reworked.includes(g.attempt)
      )
        files.push({
          path: gatePath(g.issue, g.gate),
          content: ledgerJson({ ...g, status: 'skipped', reasons: ['rework: the step is done again'] }),
        });
    entries.push({
      at,
      actor: reviewer,
      type: 'rework',
      data: { issue: item.issue, attempts: reworked, steps: rework, reason },
    });
  }
  const reverted = rework.includes(INTEGRATE_STEP);
  if (reverted) {
    entries.push({
      at,
      actor: reviewer,
      type: 'integration-reverted',
      data: { issue: item.issue, attempt: attempt.attempt, step: step.key, reentryStep: reentry, reason },
    });
    const a = integrationReverted(ctx, reason, reentry!);
    artifacts.push(a);
    // The rejection's own attempt-rejected artifact may carry the same time: this one is named apart.
    files.push({ path: handoffPath(a, true).replace(/\.json$/, '-revert.json'), content: ledgerJson(a) });
  }
  files.push(...auditFiles(v, entries));
  return {
    change: { files, message: `gate ${args.decision} ${item.issue}-${gate.key} by ${reviewer}` },
    result: {
      issue: item.issue,
      gate: gate.key,
      step: step.key,
      decision: args.decision,
      reviewer,
      rework,
      queued: [],
      finished: [],
      artifacts,
      reverted,
      scheduleNext: true,
    },
  };
}

/**
 * `gate approve|reject` on the ledger: the gate file decided (pass or fail, by whom, when, why), the
 * handoff artifacts, the audit records, and on a rejection a rework mark for each done attempt sent
 * back, which the next `work schedule` queues again from the re-entry step.
 */
export async function ledgerDecideGate(app: App, args: GateArgs): Promise<LedgerGateResult> {
  const reviewer = (args.reviewer ?? actorOf(app.ws.root)).trim();
  // The store's rule (work/bad-input): the reviewer is recorded in the audit trail.
  if (!reviewer)
    throw new PtError('work/bad-input', 'the reviewer is empty', {
      hint: 'Give a reviewer: it is recorded in the audit trail.',
      exit: EXIT.usage,
    });
  if (!args.reason.trim())
    throw new PtError('usage/empty-text', '--reason is empty', {
      hint: 'Say why: the reason is recorded with the decision.',
      exit: EXIT.usage,
    });
  // Pushed to a branch others read: known secret values and secret shapes are taken out first.
  const reason = redactErrorText(args.reason.trim());
  const wf = workflowOf(app);
  const retryAt = retryRule(app);
  return withLedger(app, async (l) => {
    const t = await l.transact((v) =>
      decideLedgerGate(app, wf, retryAt, v, { args, reviewer, reasons: [reason] }),
    );
    return t.result;
  });
}

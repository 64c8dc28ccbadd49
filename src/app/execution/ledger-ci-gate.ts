// The CI-checks gate on the git ledger: as on the store, the checks of the item's pull request decide
// it (pass, fail, or still pending) in the decision of "ci". The forge is read before the ledger's
// compare-and-swap (network on GitHub); the verdicts are applied to the tip the push is made on, so a
// gate decided meanwhile by another writer is left as that writer decided it.
import {
  attemptStatus,
  type Gate,
  type LedgerFiles,
  type LedgerItem,
  type LedgerState,
  latestAttempts,
  ledgerOverlay,
  readLedgerState,
  type Workflow,
} from '../../domain/execution/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import type { LedgerChange, LedgerView } from '../../ports/ledger/index.js';
import { type App, listCiChecks } from '../kernel/index.js';
import { CI_REVIEWER, type CiGateOutcome, type CiReading, ciGateSteps, pullRequestOf } from './ci-gate.js';
import type { retryRule } from './ledger.js';
import { decideLedgerGate } from './ledger-gate.js';

interface OpenCiGate {
  item: LedgerItem;
  gate: Gate;
}

/** The pending CI gates on the branch: each on the latest attempt of its step, that attempt done. */
function openCiGates(s: LedgerState, wf: Workflow): OpenCiGate[] {
  const out: OpenCiGate[] = [];
  const steps = ciGateSteps(wf);
  for (const item of s.items) {
    if (!item.open) continue;
    const latest = latestAttempts(item);
    for (const step of steps)
      for (const gate of step.gates!) {
        if (gate.kind !== 'ci-checks') continue;
        const a = latest.get(step.key)?.attempt;
        const file = s.gates.get(`${item.issue}-${gate.key}`);
        if (!a || file?.status !== 'pending' || file.attempt !== a) continue;
        if (attemptStatus(s, a) !== 'done' || s.rework.has(a)) continue;
        out.push({ item, gate });
      }
  }
  return out;
}

/** Reads the checks of the pull request of every item with an open CI gate on the ledger, by issue. */
export async function readLedgerCiGates(
  forge: ForgePort,
  v: LedgerFiles,
  wf: Workflow,
): Promise<Map<number, CiReading>> {
  const out = new Map<number, CiReading>();
  // Every item's files are read only where the workflow has a CI gate at all.
  if (ciGateSteps(wf).length === 0) return out;
  const open = openCiGates(readLedgerState(v), wf);
  if (open.length === 0) return out;
  const prs = await forge.listPullRequests();
  for (const { item, gate } of open) {
    if (out.has(item.issue)) continue;
    const pr = pullRequestOf(prs, item.branch);
    if (!pr) {
      out.set(item.issue, {
        pr: null,
        gate: { status: 'pending', reasons: [`no open pull request from ${item.branch}`] },
      });
      continue;
    }
    const required = gate.required?.length ? { required: [...gate.required] } : {};
    const r = await listCiChecks(forge, { pr: pr.number }, required);
    out.set(item.issue, { pr: pr.number, gate: r.gate });
  }
  return out;
}

export interface LedgerCiSettled {
  outcomes: CiGateOutcome[];
  /** What the decisions write, for the caller's commit (nothing in a dry run's reading). */
  files: LedgerChange['files'];
}

/**
 * Decides the open CI gates the readings cover, on the branch as it reads now: a pass approves, a
 * failure rejects to the gate's re-entry step with the failed checks as reasons. Still-pending ones
 * stay open. Each decision is made on the files the ones before it wrote, so one commit holds them all.
 */
export function settleLedgerCiGates(
  app: App,
  wf: Workflow,
  retryAt: ReturnType<typeof retryRule>,
  v: LedgerView,
  readings: ReadonlyMap<number, CiReading>,
): LedgerCiSettled {
  const outcomes: CiGateOutcome[] = [];
  if (readings.size === 0) return { outcomes, files: [] };
  const written = new Map<string, string>();
  let view: LedgerView = v;
  for (const { item, gate } of openCiGates(readLedgerState(v), wf)) {
    const reading = readings.get(item.issue);
    if (!reading) continue;
    const { status, reasons } = reading.gate;
    const outcome: CiGateOutcome = {
      issue: item.issue,
      gate: gate.key,
      pr: reading.pr,
      status,
      reasons,
      rework: [],
    };
    outcomes.push(outcome);
    if (status === 'pending') continue;
    // An earlier rejection of this item in this pass rewound it: its other gates are moot.
    if (outcomes.some((o) => o !== outcome && o.issue === item.issue && o.status === 'fail')) {
      outcome.status = 'pending';
      continue;
    }
    const prefix = reading.pr === null ? [] : [`checks of pull request #${reading.pr}`];
    const d = decideLedgerGate(app, wf, retryAt, view, {
      args: {
        issue: item.issue,
        gate: gate.key,
        decision: status === 'pass' ? 'approve' : 'reject',
        reason: '',
      },
      reviewer: CI_REVIEWER,
      reasons: [...prefix, ...reasons],
      ci: true,
    });
    outcome.rework = d.result.rework;
    for (const f of d.change.files) written.set(f.path, f.content);
    view = ledgerOverlay(
      v,
      [...written].map(([path, content]) => ({ path, content })),
    );
  }
  return { outcomes, files: [...written].map(([path, content]) => ({ path, content })) };
}

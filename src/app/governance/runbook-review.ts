import { writeFilesAtomic } from '../../base/index.js';
import {
  type GovFinding,
  loadRules,
  type RoleVerdict,
  renderFindings,
  runPanel,
  spliceReview,
} from '../../domain/governance/index.js';
import { type App, withDocsLock } from '../kernel/index.js';
import { aiClient, aiReview } from './ai-panel.js';
import { builtinContext, openRunbook } from './open-runbook.js';

export interface RunbookReviewArgs {
  /** Story ID, plan issue or runbook path. */
  id: string;
  /** Ask the AI reviewer too (needs PAPERTRAIL_LLM_URL); its findings are advisory. */
  ai?: boolean;
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export interface RunbookReviewResult {
  id: string;
  file: string;
  status: string;
  findings: GovFinding[];
  roles: RoleVerdict[];
  /** Team rules that ran, and those whose `when` did not hold. */
  applied: string[];
  skipped: string[];
  /** Governance files read as prose only (not machine-checkable). */
  prose: string[];
  blocking: number;
  advisory: number;
  /** Problems that did not stop the review (the AI reviewer was down or answered garbage). */
  warnings: string[];
  aiReviewer: string | null;
  written: boolean;
  content: string;
}

/** The panel: every role's rules run, findings go into the runbook, boxes are ticked for roles with no blocking finding. */
export async function runbookReview(app: App, args: RunbookReviewArgs): Promise<RunbookReviewResult> {
  const env = args.env ?? process.env;
  const ai = args.ai ? aiClient(env, args.fetch) : null;
  const { rb, path } = await openRunbook(app, args.id, { readOnly: !!args.dryRun });
  const rules = loadRules(app.ws.root);
  const ctx = await builtinContext(app, rb);
  const aiOut = ai ? await aiReview(rb, rules.rules, ai.client, ai.url) : null;
  const panel = runPanel(rb, rules, ctx, aiOut?.findings ?? []);
  const warnings = aiOut?.warnings ?? [];
  const notes = [
    ...(aiOut?.reviewer ? [`AI reviewer: ${aiOut.reviewer} (advisory findings only).`] : []),
    ...warnings,
  ];
  const content = spliceReview(
    rb,
    new Map(panel.roles.map((r) => [r.role, r.approved])),
    renderFindings(panel, rb.file, app.today, notes),
  );
  const changed = content !== rb.source;
  // The review may have taken a while (the AI reviewer): an edit made meanwhile is refused, not lost.
  if (changed && !args.dryRun)
    withDocsLock(app, () => writeFilesAtomic([{ path, content, expect: rb.source }]));
  const blocking = panel.findings.filter((f) => f.severity === 'blocking').length;
  return {
    id: rb.id,
    file: rb.file,
    status: rb.status,
    findings: panel.findings,
    roles: panel.roles,
    applied: panel.applied,
    skipped: panel.skipped,
    prose: rules.prose.map((p) => p.file),
    blocking,
    advisory: panel.findings.length - blocking,
    warnings,
    aiReviewer: aiOut?.reviewer ?? null,
    written: changed && !args.dryRun,
    content,
  };
}

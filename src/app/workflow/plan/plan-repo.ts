import { loadImplementingSpec } from '../../kernel/implementing/index.js';
import { type App, withForge } from '../../kernel/index.js';
import { type ContextClone, cloneContexts } from './contexts.js';
import { readDependencies } from './dependencies-file.js';
import type { PlanOptions, PlanReport } from './reconcile.js';
import { unsupportedNotices } from './render-report.js';
import { runPlan } from './run.js';

export interface PlanResult {
  /** The spec planned, as its summary line names it. */
  spec: { id: string; title: string | null; requirements: number; extensions: number };
  report: PlanReport;
  /** The clones of the spec's dependencies, refreshed after the issues. */
  contexts: ContextClone[];
  /** What a person should hear once about this run, whatever the output format (a fallback the forge needed). */
  notices: string[];
}

/**
 * `plan`: the issues of the implementing repository's spec reconciled with the forge, then the clones
 * of its dependencies refreshed. The forge is open for the call and closed before it returns.
 */
export async function planRepo(app: App, opts: PlanOptions = {}): Promise<PlanResult> {
  const s = loadImplementingSpec(app);
  // Read before any issue is touched: a bad dependencies file stops the plan, not its last step.
  const dependencies = readDependencies(app);
  return withForge(
    app,
    async (forge) => {
      const report = await runPlan(forge, s, opts);
      const contexts = cloneContexts(app, { dryRun: opts.dryRun, dependencies });
      return {
        spec: {
          id: s.spec.id,
          title: s.spec.title ?? null,
          requirements: s.spec.requirements.length,
          extensions: s.extensions.length,
        },
        report,
        contexts,
        notices: unsupportedNotices(report),
      };
    },
    { readOnly: !!opts.dryRun },
  );
}

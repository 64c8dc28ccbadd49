import { desiredPlan } from '../../../domain/plan/index.js';
import type { ForgePort } from '../../../ports/forge/index.js';
import type { ImplementingSpec } from '../../kernel/implementing/index.js';
import { applyPlan, type PlanOptions, type PlanReport } from './reconcile.js';

export async function runPlan(
  forge: ForgePort,
  s: ImplementingSpec,
  opts: PlanOptions = {},
): Promise<PlanReport> {
  return applyPlan(forge, desiredPlan(s.spec, s.extensions), opts);
}

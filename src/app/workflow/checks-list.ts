// `checks list`: the CI checks of a pull request (or a ref) as the forge reports them, and the verdict
// the CI-checks gate gives them.
import { type CiGateStatus, ciGateStatus } from '../../domain/execution/index.js';
import type { ForgeCheck, ForgePort } from '../../ports/forge/index.js';
import { type CheckTarget, resolveCheckTarget } from './checks-target.js';

export interface ChecksListResult {
  pr: number | null;
  ref: string;
  checks: ForgeCheck[];
  gate: CiGateStatus;
}

export async function listCiChecks(
  forge: ForgePort,
  target: CheckTarget,
  opts: { required?: string[] } = {},
): Promise<ChecksListResult> {
  const { pr, ref } = await resolveCheckTarget(forge, target);
  const checks = await forge.listChecks(ref);
  return { pr, ref, checks, gate: ciGateStatus(checks, opts.required ? { required: opts.required } : {}) };
}

import { BLOCKING_CODES, type Env, type RunTemplate } from './model.js';

export interface ApprovalPolicy {
  /** Approvals a waiting run needs before it runs. */
  quorum: number;
  /** Who may approve; empty: anyone but the requester. */
  approvers: readonly string[];
  /** How long a run waits before it is denied. */
  timeoutMs: number;
}

/** Whether a run of `t` in `env` waits for a person: high risk, or a blocking code, in prod. */
export function needsApproval(t: RunTemplate, env: Env): boolean {
  if (env !== 'prod') return false;
  return t.risk.level === 'high' || t.risk.codes.some((c) => BLOCKING_CODES.includes(c));
}

export type ApprovalRefusal = 'self-approval' | 'not-an-approver' | 'no-reason';

/** Why `approver` may not approve a run `requester` asked for, or null when they may. */
export function approvalRefusal(
  requester: string,
  approver: string,
  reason: string,
  policy: Pick<ApprovalPolicy, 'approvers'>,
): ApprovalRefusal | null {
  if (!reason.trim()) return 'no-reason';
  if (approver.trim().toLowerCase() === requester.trim().toLowerCase()) return 'self-approval';
  if (policy.approvers.length && !policy.approvers.includes(approver)) return 'not-an-approver';
  return null;
}

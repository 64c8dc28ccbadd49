import type { ApprovalPolicy } from '../../domain/ops/index.js';
import type { App } from '../kernel/index.js';

/** A day: long enough for a change window to come round, short enough that a forgotten run is denied. */
const DEFAULT_TIMEOUT_MINUTES = 24 * 60;
/** A configured check's deadline on the local forge. */
export const CHECK_TIMEOUT_MS = 30 * 60 * 1000;

/** The workspace's approval policy (papertrail.yaml `ops:`), with its defaults. */
export function approvalPolicy(app: App): ApprovalPolicy {
  const ops = app.ws.config.ops;
  return {
    quorum: ops?.quorum ?? 1,
    approvers: ops?.approvers ?? [],
    timeoutMs: (ops?.approvalTimeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES) * 60_000,
  };
}

/** The command that runs CI check `name` on the local forge, when one is configured. */
export function checkCommand(app: App, name: string): string | undefined {
  return app.ws.config.ops?.checks?.[name];
}

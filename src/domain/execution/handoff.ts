import { EXIT, PtError, unicodePattern } from '../../base/index.js';
import schema from './handoff-artifact.schema.json' with { type: 'json' };

// Handoff artifacts, version 1.0: one JSON document per event of a work item (an attempt started,
// completed, failed or rejected, a gate approved or rejected, the baseline integration), so the next
// step's executor, and the people reviewing, see what happened and what comes next. The shape is the
// published handoff-artifact v1.0 JSON Schema (handoff-artifact.schema.json, shipped as it is), so tools
// written against it read Papertrail's artifacts unchanged.

/** The handoff-artifact v1.0 JSON Schema (draft-07). */
export const HANDOFF_ARTIFACT_SCHEMA = schema;

export const HANDOFF_EVENT_TYPES = [
  'attempt-started',
  'attempt-completed',
  'attempt-failed',
  'attempt-rejected',
  'gate-approved',
  'gate-rejected',
  'baseline-integration',
] as const;
export type HandoffEventType = (typeof HANDOFF_EVENT_TYPES)[number];

export interface HandoffArtifact {
  schemaVersion: '1.0';
  workItemId: string;
  workflow: { name: string; version: string };
  step: { key: string; order: number };
  eventType: HandoffEventType;
  attemptId: string;
  /** ISO 8601 date-time. */
  timestamp: string;
  actor: string;
  outcome: string;
  nextAction: string;
  /** `pre` until the work item's pull request is merged into the base branch, `post` from then on. */
  baselineIntegration: 'pre' | 'post';
  links: string[];
}

/** What every artifact of one attempt shares. */
export interface HandoffContext {
  workItemId: string;
  workflow: { name: string; version: string };
  step: { key: string; order: number };
  attemptId: string;
  timestamp: string;
  actor: string;
  baselineIntegration: 'pre' | 'post';
  links?: string[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
/** Work item ids, step keys and attempt ids become parts of a file name: no separators, no dot segments. */
const NAME_PART = unicodePattern(String.raw`^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]*$`, 'u');

function bad(field: string, message: string): PtError {
  return new PtError('handoff/invalid', `handoff artifact: ${field} ${message}`, {
    hint: 'Handoff artifacts follow the handoff-artifact v1.0 schema.',
    exit: EXIT.conflict,
  });
}

/** One artifact, checked against the schema's rules (and names safe for a file path), fields in a stable order. */
export function handoffArtifact(
  eventType: HandoffEventType,
  ctx: HandoffContext,
  outcome: string,
  nextAction: string,
): HandoffArtifact {
  if (!HANDOFF_EVENT_TYPES.includes(eventType)) throw bad('eventType', `"${eventType}" is not an event type`);
  if (!DATE_TIME.test(ctx.timestamp) || Number.isNaN(Date.parse(ctx.timestamp)))
    throw bad('timestamp', `"${ctx.timestamp}" is not an ISO 8601 date-time`);
  if (!Number.isInteger(ctx.step.order) || ctx.step.order < 1)
    throw bad('step.order', 'must be a whole number, 1 or more');
  for (const [field, v] of [
    ['workItemId', ctx.workItemId],
    ['step.key', ctx.step.key],
    ['attemptId', ctx.attemptId],
  ] as const)
    if (!NAME_PART().test(v)) throw bad(field, `"${v}" must be letters, digits, ".", "_" or "-"`);
  if (ctx.baselineIntegration !== 'pre' && ctx.baselineIntegration !== 'post')
    throw bad('baselineIntegration', 'must be pre or post');
  return {
    schemaVersion: '1.0',
    workItemId: ctx.workItemId,
    workflow: { name: ctx.workflow.name, version: ctx.workflow.version },
    step: { key: ctx.step.key, order: ctx.step.order },
    eventType,
    attemptId: ctx.attemptId,
    timestamp: ctx.timestamp,
    actor: ctx.actor,
    outcome,
    nextAction,
    baselineIntegration: ctx.baselineIntegration,
    links: [...(ctx.links ?? [])],
  };
}

// One builder per event type: the outcome and next action a reader expects for it.

export const attemptStarted = (ctx: HandoffContext, command?: string) =>
  handoffArtifact(
    'attempt-started',
    ctx,
    command ? `started: ${command}` : 'started',
    `complete or fail attempt ${ctx.attemptId} of step ${ctx.step.key}`,
  );

export const attemptCompleted = (ctx: HandoffContext, summary: string, nextStep: string | null) =>
  handoffArtifact(
    'attempt-completed',
    ctx,
    summary,
    nextStep ? `start step ${nextStep}` : 'integrate: merge the pull request into the base branch',
  );

/** `retry`: whether a new attempt is queued (a retry is always a new attempt) or the retries are used up. */
export const attemptFailed = (ctx: HandoffContext, reason: string, retry: boolean) =>
  handoffArtifact(
    'attempt-failed',
    ctx,
    `failed: ${reason}`,
    retry
      ? `retry step ${ctx.step.key} as a new attempt`
      : `no retries left: a person decides on step ${ctx.step.key}`,
  );

export const attemptRejected = (ctx: HandoffContext, reasons: readonly string[], reentryStepKey: string) =>
  handoffArtifact(
    'attempt-rejected',
    ctx,
    `rejected: ${reasons.join('; ')}`,
    `rework from step ${reentryStepKey}`,
  );

export const gateApproved = (
  ctx: HandoffContext,
  gateKey: string,
  reasons: readonly string[],
  nextStep: string | null,
) =>
  handoffArtifact(
    'gate-approved',
    ctx,
    `gate ${gateKey} approved${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
    nextStep ? `start step ${nextStep}` : 'integrate: merge the pull request into the base branch',
  );

export const gateRejected = (
  ctx: HandoffContext,
  gateKey: string,
  reasons: readonly string[],
  reentryStepKey: string,
) =>
  handoffArtifact(
    'gate-rejected',
    ctx,
    `gate ${gateKey} rejected: ${reasons.join('; ')}`,
    `rework from step ${reentryStepKey}`,
  );

/** A rejection that undid the item's integration (`gate reject --revert`): said after the integration. */
export const integrationReverted = (ctx: HandoffContext, reason: string, reentryStepKey: string) =>
  handoffArtifact(
    'attempt-rejected',
    { ...ctx, baselineIntegration: 'post' },
    `integration reverted: ${reason}`,
    `rework from step ${reentryStepKey}; integrate merges again`,
  );

/** The merge into the base branch: from here on the item's outputs are final, and rework needs a revert. */
export const baselineIntegration = (ctx: HandoffContext, merged: string) =>
  handoffArtifact(
    'baseline-integration',
    { ...ctx, baselineIntegration: 'post' },
    `integrated: ${merged}`,
    'none: the work item is done; further changes need an explicit revert',
  );

/**
 * Where an artifact is filed: `artifacts/handoff/<timestamp>-<workItemId>-<stepKey>-<attemptId>.json`,
 * the timestamp in UTC with ':' written '-' and zero milliseconds left out (2025-09-19T15-45-00Z).
 * Two events of one attempt in the same millisecond would share a name: the event type then follows.
 */
export function handoffPath(a: HandoffArtifact, withEventType = false): string {
  const ts = new Date(a.timestamp).toISOString().replace('.000Z', 'Z').replaceAll(':', '-');
  return `artifacts/handoff/${ts}-${a.workItemId}-${a.step.key}-${a.attemptId}${withEventType ? `-${a.eventType}` : ''}.json`;
}

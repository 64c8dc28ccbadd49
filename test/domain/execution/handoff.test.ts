import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PtError } from '../../../src/base/index.js';
import {
  attemptCompleted,
  attemptFailed,
  attemptRejected,
  attemptStarted,
  baselineIntegration,
  gateApproved,
  gateRejected,
  HANDOFF_ARTIFACT_SCHEMA,
  HANDOFF_EVENT_TYPES,
  type HandoffContext,
  handoffArtifact,
  handoffPath,
} from '../../../src/domain/execution/index.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ??
  formatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: true, allErrors: true }));
const validate = ajv.compile(HANDOFF_ARTIFACT_SCHEMA);

const CTX: HandoffContext = {
  workItemId: 'work-item-2',
  workflow: { name: 'Requirement issue', version: '1.0.0' },
  step: { key: 'implement', order: 2 },
  attemptId: 'attempt-2-implement-1',
  timestamp: '2026-12-06T00:45:00.000Z',
  actor: 'agent-1',
  baselineIntegration: 'pre',
  links: ['https://example.test/pr/7'],
};

describe('handoff artifacts v1.0', () => {
  it('ships the schema with its required fields and event types', () => {
    expect(HANDOFF_ARTIFACT_SCHEMA.required).toEqual([
      'workItemId',
      'workflow',
      'step',
      'eventType',
      'attemptId',
      'timestamp',
      'actor',
      'outcome',
      'nextAction',
      'baselineIntegration',
      'links',
      'schemaVersion',
    ]);
    expect(HANDOFF_ARTIFACT_SCHEMA.properties.eventType.enum).toEqual([...HANDOFF_EVENT_TYPES]);
    expect(HANDOFF_ARTIFACT_SCHEMA.properties.schemaVersion.const).toBe('1.0');
  });

  it('builds one valid artifact per event type', () => {
    const all = [
      attemptStarted(CTX, './scripts/agent.sh'),
      attemptCompleted(CTX, 'opened PR #7', 'review'),
      attemptFailed(CTX, 'exit code 2', true),
      attemptRejected(CTX, ['no rollback'], 'implement'),
      gateApproved({ ...CTX, actor: 'bob' }, 'review', ['LGTM'], 'integrate'),
      gateRejected({ ...CTX, actor: 'bob' }, 'review', ['no rollback'], 'implement'),
      baselineIntegration(CTX, 'PR #7 into main'),
    ];
    expect(all.map((a) => a.eventType)).toEqual([...HANDOFF_EVENT_TYPES]);
    for (const a of all) expect(validate(a), JSON.stringify(validate.errors)).toBe(true);
    expect(all[6]!.baselineIntegration).toBe('post');
    expect(all[5]!.nextAction).toBe('rework from step implement');
  });

  it('reads the published example and files it under the same name', () => {
    const example = {
      schemaVersion: '1.0',
      workItemId: 'work-item-001-create-a-structured',
      workflow: {
        name: 'Implement Plan-to-Execution Orchestrator (001-create-a-structured)',
        version: '1.0.0',
      },
      step: { key: 'phase-setup', order: 1 },
      eventType: 'attempt-completed',
      attemptId: 'attempt-phase-setup',
      timestamp: '2025-09-19T15:45:00.000Z',
      actor: 'Implementation Lead',
      outcome: 'Scaffolded directories.',
      nextAction: 'Author contract tests.',
      baselineIntegration: 'pre',
      links: ['artifacts/claims/attempt-phase-setup.json'],
    } as const;
    expect(validate(example)).toBe(true);
    const rebuilt = handoffArtifact(
      'attempt-completed',
      { ...example, links: [...example.links] },
      example.outcome,
      example.nextAction,
    );
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(example));
    expect(handoffPath(rebuilt)).toBe(
      'artifacts/handoff/2025-09-19T15-45-00Z-work-item-001-create-a-structured-phase-setup-attempt-phase-setup.json',
    );
    expect(handoffPath({ ...rebuilt, timestamp: '2025-09-19T17:45:00.123+02:00' }, true)).toBe(
      'artifacts/handoff/2025-09-19T15-45-00.123Z-work-item-001-create-a-structured-phase-setup-attempt-phase-setup-attempt-completed.json',
    );
  });

  it('refuses what the schema or a file name cannot hold', () => {
    const refused = (ctx: Partial<HandoffContext>) => {
      try {
        attemptStarted({ ...CTX, ...ctx });
      } catch (e) {
        return (e as PtError).code;
      }
      return 'accepted';
    };
    expect(refused({ timestamp: '06/12/2026' })).toBe('handoff/invalid');
    expect(refused({ step: { key: 'implement', order: 0 } })).toBe('handoff/invalid');
    expect(refused({ attemptId: '../../etc' })).toBe('handoff/invalid');
    expect(refused({ workItemId: 'a/b' })).toBe('handoff/invalid');
  });

  it('validates against the schema for any accepted input', () => {
    const part = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,12}$/);
    fc.assert(
      fc.property(
        part,
        part,
        part,
        fc.integer({ min: 1, max: 99 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.string(),
        fc.constantFrom(...HANDOFF_EVENT_TYPES),
        (item, key, attempt, order, when, text, type) => {
          const a = handoffArtifact(
            type,
            {
              ...CTX,
              workItemId: item,
              step: { key, order },
              attemptId: attempt,
              timestamp: when.toISOString(),
            },
            text,
            text,
          );
          expect(validate(a)).toBe(true);
          expect(handoffPath(a)).toMatch(/^artifacts\/handoff\/[^/]+\.json$/);
        },
      ),
    );
  });
});

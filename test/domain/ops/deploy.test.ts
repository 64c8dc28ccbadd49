// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the run templates' own ${{ }} syntax is under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtinTemplates,
  diagnosePickup,
  type PickupInput,
  type PickupRunner,
  parseTemplateYaml,
} from '../../../src/domain/ops/index.js';
import { refusalOf } from '../../helpers/refusal.js';

const template = (step: string) => `slug: ship
title: Ship
kind: deploy
risk: { level: high, codes: [PROD_CHANGE] }
inputs:
  - name: where
    required: true
phases:
  - name: Ship
    steps:
${step}`;

describe('deploy steps', () => {
  it('reads deploy: with its environment and ref (main when left out)', () => {
    const t = parseTemplateYaml(
      template('      - deploy: { environment: "${{ inputs.where }}" }\n'),
      'ship.yaml',
    );
    expect(t.phases[0]!.steps[0]).toEqual({
      kind: 'deploy',
      id: 'step-1-1',
      title: 'Deploy',
      deploy: { environment: '${{ inputs.where }}', ref: 'main' },
    });
    const builtin = builtinTemplates().find((b) => b.template.slug === 'deploy')!.template;
    expect(builtin.inputs.map((i) => [i.name, i.required, i.default])).toEqual([
      ['environment', true, undefined],
      ['ref', false, 'main'],
    ]);
    expect(builtin.phases.flatMap((p) => p.steps.map((s) => s.kind))).toEqual(['deploy']);
  });

  it('refuses a deploy naming an unknown input, a missing environment, and a second kind in the step', () => {
    const unknown = refusalOf(() =>
      parseTemplateYaml(template('      - deploy: { environment: "${{ inputs.nope }}" }\n'), 'ship.yaml'),
    );
    expect([unknown.code, unknown.location?.line]).toEqual(['ops/template-unknown-input', 11]);
    const missing = refusalOf(() =>
      parseTemplateYaml(template('      - deploy: { ref: v1 }\n'), 'ship.yaml'),
    );
    expect(missing.code).toBe('ops/template-invalid');
    const two = refusalOf(() =>
      parseTemplateYaml(template('      - deploy: { environment: prod }\n        run: echo\n'), 'ship.yaml'),
    );
    expect(two.code).toBe('ops/template-step-kind');
  });
});

const NOW = new Date('2026-12-06T12:00:00Z');
const job = (agoSeconds: number, labels = ['self-hosted', 'prod']) => ({
  status: 'queued',
  labels,
  runnerName: null,
  createdAt: new Date(NOW.getTime() - agoSeconds * 1000).toISOString(),
});
const runner = (name: string, labels: string[], status: 'online' | 'offline' = 'online', busy = false) => ({
  name,
  labels,
  status,
  busy,
});
const POOLS = { primary: ['self-hosted', 'prod'], secondary: ['self-hosted', 'prod-dr'] };

describe('pickup rule', () => {
  const base = (over: Partial<PickupInput>): PickupInput => ({
    pools: POOLS,
    pool: 'primary',
    runners: [],
    job: job(10),
    now: NOW,
    pickupMinutes: 5,
    ...over,
  });

  it('fails over at once when no primary runner is online, and waits while they are only busy', () => {
    const down = diagnosePickup(
      base({ runners: [runner('p1', POOLS.primary, 'offline'), runner('dr1', POOLS.secondary)] }),
    );
    expect(down.decision).toBe('failover');
    expect(down.pools.map((p) => p.verdict)).toEqual(['down', 'ready']);
    const busy = base({
      runners: [runner('p1', POOLS.primary, 'online', true), runner('dr1', POOLS.secondary)],
    });
    expect(diagnosePickup(busy).decision).toBe('wait');
    expect(diagnosePickup({ ...busy, job: job(301) }).decision).toBe('failover');
  });

  it('fails fast with what to do when there is nowhere else to go', () => {
    const d = diagnosePickup(
      base({ pools: { primary: POOLS.primary }, runners: [runner('p1', POOLS.primary, 'offline')] }),
    );
    expect(d.decision).toBe('fail');
    expect(d.summary).toMatch(
      /no pre-approved secondary pool is configured. primary \[self-hosted, prod\]: p1 offline/,
    );
    expect(d.hint).toMatch(/runner service/);
    expect(diagnosePickup(base({ pool: 'secondary', job: job(10, POOLS.secondary) })).decision).toBe('fail');
  });

  it('never fails over from the secondary pool, nor to a pool with no runner that could take the job', () => {
    const labels = fc.constantFrom('self-hosted', 'prod', 'prod-dr', 'linux');
    const arbRunner: fc.Arbitrary<PickupRunner> = fc.record({
      name: fc.string({ minLength: 1, maxLength: 5 }),
      labels: fc.uniqueArray(labels, { minLength: 1, maxLength: 4 }),
      status: fc.constantFrom('online' as const, 'offline' as const),
      busy: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(arbRunner, { maxLength: 6 }),
        fc.constantFrom('primary' as const, 'secondary' as const),
        fc.integer({ min: 0, max: 900 }),
        (runners, pool, ago) => {
          const d = diagnosePickup(base({ runners, pool, job: job(ago, POOLS[pool]) }));
          if (d.decision !== 'failover') return;
          expect(pool).toBe('primary');
          const secondary = runners.filter((r) => POOLS.secondary.every((l) => r.labels.includes(l)));
          expect(secondary.some((r) => r.status === 'online')).toBe(true);
        },
      ),
    );
  });
});

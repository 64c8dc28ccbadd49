// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the run templates' own ${{ }} syntax is under test
import { describe, expect, it } from 'vitest';
import { builtinTemplates, parseTemplateYaml } from '../../../src/domain/ops/index.js';
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

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the run templates' own ${{ }} syntax is under test
import { describe, expect, it } from 'vitest';
import {
  approvalRefusal,
  builtinTemplates,
  gateStatusOfCheck,
  interpolate,
  needsApproval,
  parseInputPairs,
  parseTemplateYaml,
  resolveInputs,
  templateForIntent,
} from '../../../src/domain/ops/index.js';
import { refusalOf } from '../../helpers/refusal.js';

const GOOD = `slug: deploy-docs
title: Deploy docs
kind: deploy
keywords: [deploy]
risk: { level: high, codes: [PROD_CHANGE] }
inputs:
  - name: version
    required: true
  - name: dry
    type: boolean
    default: false
phases:
  - name: Build
    steps:
      - run: npm run docs
        timeout: 30
      - verb: validate
        with: { strict: true }
`;

describe('run templates', () => {
  it('reads a template: steps, defaults, typed inputs', () => {
    const t = parseTemplateYaml(GOOD, 'runs/deploy.yaml');
    expect(t.phases[0]?.steps).toEqual([
      { kind: 'command', id: 'step-1-1', title: 'npm run docs', run: 'npm run docs', timeoutSeconds: 30 },
      {
        kind: 'verb',
        id: 'step-1-2',
        title: 'papertrail validate',
        verb: 'validate',
        with: { strict: 'true' },
      },
    ]);
    expect(resolveInputs(t, { version: '1.2', dry: 'true' })).toEqual({ version: '1.2', dry: true });
    expect(resolveInputs(t, parseInputPairs(t, ['1.3']))).toEqual({ version: '1.3', dry: false });
    expect(refusalOf(() => resolveInputs(t, {})).code).toBe('ops/missing-input');
    expect(refusalOf(() => resolveInputs(t, { version: '1', nope: 'x' })).code).toBe('ops/unknown-input');
    expect(refusalOf(() => resolveInputs(t, { version: '1', dry: 'maybe' })).code).toBe('ops/bad-input');
  });

  it.each([
    ['syntax', 'slug: [x\n', 'ops/template-yaml', 2],
    [
      'unknown field',
      GOOD.replace('kind: deploy', 'kind: deploy\ncolour: red'),
      'ops/template-unknown-field',
      4,
    ],
    ['bad risk code', GOOD.replace('PROD_CHANGE', 'YOLO'), 'ops/template-invalid', 5],
    ['two kinds in a step', GOOD.replace('timeout: 30', 'verb: status'), 'ops/template-step-kind', 15],
    [
      'no kind',
      GOOD.replace('      - run: npm run docs\n        timeout: 30\n', '      - title: nothing\n'),
      'ops/template-step-kind',
      15,
    ],
    [
      'unknown input',
      GOOD.replace('with: { strict: true }', 'with: { name: "${{ inputs.nope }}" }'),
      'ops/template-unknown-input',
      18,
    ],
    [
      'value spliced into a command',
      GOOD.replace('npm run docs', 'echo ${{ inputs.version }}'),
      'ops/template-command-ref',
      15,
    ],
    ['duplicate input', GOOD.replace('name: dry', 'name: version'), 'ops/template-duplicate-input', 9],
  ])('refuses %s at file:line:col with exit 3', (_, text, code, line) => {
    const e = refusalOf(() => parseTemplateYaml(text, 'runs/x.yaml'));
    expect(e.code).toBe(code);
    expect(e.exit).toBe(3);
    expect(e.location).toMatchObject({ file: 'runs/x.yaml', line });
    expect(e.location?.column).toBeGreaterThan(0);
  });

  it('has the five built-ins, each valid', () => {
    const slugs = builtinTemplates().map((b) => b.template.slug);
    expect(slugs).toEqual(['spec', 'incident', 'healthcheck', 'security-patch', 'deploy']);
    const spec = builtinTemplates()[0]!.template;
    expect(spec.checks).toEqual(['Tests', 'Lint']);
  });

  it('picks a template for an intent by keywords, health check otherwise', () => {
    const ts = builtinTemplates().map((b) => b.template);
    expect(templateForIntent('generate spec for payment processing', ts)).toEqual({
      slug: 'spec',
      words: ['spec', 'generate'],
    });
    expect(templateForIntent('fix error in auth service', ts).slug).toBe('incident');
    expect(templateForIntent('patch CVE-2024-1234 in lodash', ts).slug).toBe('security-patch');
    expect(templateForIntent('how are we doing', ts)).toEqual({ slug: 'healthcheck', words: [] });
    expect(templateForIntent('deploy v2 to staging', ts).slug).toBe('deploy');
  });

  it('interpolates values, with a slug filter for names', () => {
    expect(
      interpolate('ops/${{ inputs.t | slug }}-${{ run.short }} ${{ other }}', {
        'inputs.t': 'Payment Processing!',
        'run.short': 'ab12',
      }),
    ).toBe('ops/payment-processing-ab12 ${{ other }}');
  });
});

describe('risk and gates', () => {
  const ts = builtinTemplates().map((b) => b.template);
  const incident = ts.find((t) => t.slug === 'incident')!;
  const spec = ts.find((t) => t.slug === 'spec')!;

  it('waits for approval for high risk in prod only', () => {
    expect(needsApproval(incident, 'prod')).toBe(true);
    expect(needsApproval(incident, 'staging')).toBe(false);
    expect(needsApproval(spec, 'prod')).toBe(false);
    expect(needsApproval({ ...spec, risk: { level: 'low', codes: ['SCHEMA_DESTRUCTIVE'] } }, 'prod')).toBe(
      true,
    );
  });

  it('never lets the requester approve, and needs a reason', () => {
    expect(approvalRefusal('ana', 'ana', 'ok', { approvers: [] })).toBe('self-approval');
    expect(approvalRefusal('ana', 'bob', '  ', { approvers: [] })).toBe('no-reason');
    expect(approvalRefusal('ana', 'bob', 'ok', { approvers: ['cy'] })).toBe('not-an-approver');
    expect(approvalRefusal('ana', 'bob', 'ok', { approvers: [] })).toBeNull();
  });

  it.each([
    ['completed', 'success', 'pass'],
    ['completed', 'skipped', 'skipped'],
    ['completed', 'neutral', 'skipped'],
    ['completed', 'failure', 'fail'],
    ['completed', 'timed_out', 'fail'],
    ['completed', 'cancelled', 'fail'],
    ['completed', 'action_required', 'fail'],
    ['in_progress', null, 'pending'],
    ['queued', null, 'pending'],
    [undefined, undefined, 'pending'],
  ])('maps check %s/%s to gate %s', (status, conclusion, gate) => {
    expect(gateStatusOfCheck(status, conclusion)).toBe(gate);
  });
});

describe("the README's example template", () => {
  it('is a valid template', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n(slug: deploy-docs[\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeDefined();
    const t = parseTemplateYaml(yaml!, 'README.md');
    expect(t.phases.map((p) => p.steps.map((s) => s.kind))).toEqual([['command', 'verb'], ['pr']]);
  });
});

describe('verb steps checked against the verbs a run can call', () => {
  const VERBS = { validate: ['strict'], plan: ['refresh'], 'work-schedule': [] };
  const withStep = (step: string) => `slug: p
title: P
kind: plan
risk: { level: low, codes: [IDEMPOTENT] }
phases:
  - name: Go
    steps:
      - verb: validate
${step}`;

  it.each([
    ['an unknown verb', '      - verb: deploy\n', 'ops/unknown-verb', 9, 15, 'plan, validate, work-schedule'],
    [
      'a with: key its verb does not take',
      '      - verb: plan\n        with: { refresh: true, dry: true }\n',
      'ops/unknown-verb-arg',
      10,
      37,
      'plan takes: refresh',
    ],
    [
      'with: on a verb that takes nothing',
      '      - verb: work-schedule\n        with:\n          now: yes\n',
      'ops/unknown-verb-arg',
      11,
      16,
      'takes nothing',
    ],
  ])('refuses %s at file:line:col, naming what is callable', (_, step, code, line, column, hint) => {
    const e = refusalOf(() => parseTemplateYaml(withStep(step), 'runs/p.yaml', { verbs: VERBS }));
    expect(e.code).toBe(code);
    expect(e.exit).toBe(3);
    expect(e.location).toEqual({ file: 'runs/p.yaml', line, column });
    expect(e.hint).toContain(hint);
  });

  it('takes the verbs it is given, and any verb when given none', () => {
    const text = withStep('      - verb: plan\n        with: { refresh: true }\n');
    expect(parseTemplateYaml(text, 'runs/p.yaml', { verbs: VERBS }).phases[0]!.steps[1]).toMatchObject({
      verb: 'plan',
      with: { refresh: 'true' },
    });
    expect(() => parseTemplateYaml(withStep('      - verb: deploy\n'), 'runs/p.yaml')).not.toThrow();
  });

  it('checks the built-ins too', () => {
    expect(builtinTemplates(VERBS).length).toBe(builtinTemplates().length);
    expect(refusalOf(() => builtinTemplates({ plan: [] })).location?.file).toBe('built-in spec');
  });
});

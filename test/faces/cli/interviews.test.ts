import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ExtensionSchema,
  ProposalSchema,
  SpecSchema,
  StandardSchema,
} from '../../../src/app/workflow/inputs.js';
import { scriptedAsker } from '../../../src/faces/cli/interview/asker.js';
import { interviewExtension } from '../../../src/faces/cli/interview/extend.js';
import { stripLead } from '../../../src/faces/cli/interview/lists.js';
import { normativeStatement } from '../../../src/faces/cli/interview/normative.js';
import { interviewProposal } from '../../../src/faces/cli/interview/propose.js';
import { interviewSpec } from '../../../src/faces/cli/interview/spec.js';
import { interviewStandard } from '../../../src/faces/cli/interview/standard.js';

// The interviews produce exactly the request a --from file would hold, so one validator serves all three ways in.
describe('interviews', () => {
  it('proposal: asks what seed 000 asks, in order, and handles a title clash', async () => {
    const transcript: string[] = [];
    const a = scriptedAsker(
      [
        'Jenkins is slow.',
        'Runner Infrastructure',
        'continue',
        'Self-hosted runners',
        '',
        'GPU runners',
        '',
        'GARM',
        'Purpose-built',
        '',
        'Another system',
        '',
        '',
        'Use GARM',
      ],
      transcript,
    );
    const r = await interviewProposal(a, {}, (t) =>
      t === 'Runner Infrastructure' ? ['PROP-0001 (docs/proposals/PROP-0001-runner-infrastructure.md)'] : [],
    );
    expect(v.parse(ProposalSchema, r)).toEqual(r);
    expect(r).toMatchObject({
      title: 'Runner Infrastructure',
      goals: ['Self-hosted runners'],
      non_goals: ['GPU runners'],
      options: [{ title: 'GARM', pros: ['Purpose-built'], cons: ['Another system'] }],
      recommendation: 'Use GARM',
    });
    const questions = transcript.filter((q) => !q.startsWith('['));
    expect(questions[0]).toBe('What problem are you trying to solve?');
    expect(questions[1]).toMatch(/^What title would you like/);
    expect(questions[2]).toMatch(/similar title exists: PROP-0001/);
    expect(questions.at(-1)).toBe("What's your recommendation?");
  });

  it('spec: repositories, requirements with scenarios and dependencies, spec dependencies', async () => {
    const a = scriptedAsker([
      'github/runner-infra',
      'Auto-Scaling',
      'The system must scale runners on queue depth.',
      '',
      'Scale up',
      'Given a pool with min=2',
      'When 5 jobs wait',
      'Then runners are added',
      false,
      true,
      'Monitoring',
      'The system SHALL expose queue metrics.',
      'Metrics',
      'the system runs',
      'Prometheus scrapes',
      'it returns queue_depth',
      false,
      '1',
      false,
      '',
    ]);
    const r = await interviewSpec(a, { id: 'PROP-0001', title: 'Runner Infrastructure' }, {}, () => false);
    expect(v.parse(SpecSchema, r)).toMatchObject({
      implementations: [{ repo: 'github/runner-infra', status: 'planned' }],
    });
    expect(r.requirements).toEqual([
      {
        name: 'Auto-Scaling',
        statement: 'The system SHALL scale runners on queue depth.',
        scenarios: [
          {
            name: 'Scale up',
            given: ['a pool with min=2'],
            when: ['5 jobs wait'],
            then: ['runners are added'],
          },
        ],
        depends_on: [],
      },
      {
        name: 'Monitoring',
        statement: 'The system SHALL expose queue metrics.',
        scenarios: [
          {
            name: 'Metrics',
            given: ['the system runs'],
            when: ['Prometheus scrapes'],
            then: ['it returns queue_depth'],
          },
        ],
        depends_on: ['Auto-Scaling'],
      },
    ]);
    expect(r.depends_on).toEqual([]);
  });

  it('spec: refuses an unknown spec dependency and an unknown earlier requirement', async () => {
    const a = scriptedAsker(['org/repo', 'A', 'It SHALL a.', 's', 'g', 'w', 't', false, false, 'SPEC-0042']);
    await expect(interviewSpec(a, { id: 'PROP-0001', title: 'T' }, {}, () => false)).rejects.toThrow(
      /No such spec: SPEC-0042/,
    );
  });

  it('extension: adds and overrides by number', async () => {
    const a = scriptedAsker([
      'Audit Logging',
      'SOC 2 needs audit logs.',
      'both',
      'Audit Trail',
      'The system SHALL log lifecycle events.',
      'Logged',
      'a runner starts',
      'the event happens',
      'an entry is written',
      false,
      '',
      false,
      '3',
      // Pasted over two lines: the reason and the statement are one paragraph each.
      'Metrics are\nnot enough',
      'Audit Metrics',
      'The system SHALL count\naudit events.',
      'Counted',
      'events happen',
      'Prometheus scrapes',
      'audit_events_total is returned',
      false,
      false,
    ]);
    const r = await interviewExtension(
      a,
      {
        id: 'SPEC-0001',
        title: 'Runner Infrastructure',
        requirements: ['Auto-Scaling', 'Security Isolation', 'Monitoring'],
      },
      {},
    );
    const parsed = v.parse(ExtensionSchema, r);
    expect(parsed.added.map((x) => x.name)).toEqual(['Audit Trail']);
    expect(parsed.overrides).toMatchObject([
      {
        name: 'Audit Metrics',
        replaces: 'Monitoring',
        reason: 'Metrics are not enough',
        statement: 'The system SHALL count audit events.',
      },
    ]);
  });

  it('standard: scope, MUST/SHOULD/MAY per category, gitignore', async () => {
    const a = scriptedAsker([
      'Go Services',
      'services',
      'How we build Go services.',
      'HTTP services',
      '',
      'Scripts',
      '',
      'Testing',
      'Table-driven tests',
      '',
      'Use testify',
      '',
      '',
      '',
      'bin/',
      '.env',
      '',
    ]);
    const r = await interviewStandard(a, {});
    expect(v.parse(StandardSchema, r)).toMatchObject({
      title: 'Go Services',
      applies_to: 'services',
      scope: { includes: ['HTTP services'], excludes: ['Scripts'] },
      rules: [{ category: 'Testing', must: ['Table-driven tests'], should: ['Use testify'], may: [] }],
      gitignore: ['bin/', '.env'],
    });
  });

  it('normalises statements and strips typed keywords', () => {
    expect(normativeStatement('The system must scale.')).toBe('The system SHALL scale.');
    expect(normativeStatement('The system should scale.')).toBe('The system SHALL scale.');
    expect(normativeStatement('Scale the pool.')).toBe('The system SHALL scale the pool.');
    expect(normativeStatement('It MUST scale.')).toBe('It MUST scale.');
    expect(stripLead('Given a pool', 'given')).toBe('a pool');
    expect(stripLead('**WHEN** x', 'when')).toBe('x');
    expect(stripLead('Givenchy dress', 'given')).toBe('Givenchy dress');
  });
});

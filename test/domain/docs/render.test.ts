import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Doc,
  type ExtensionInput,
  findSection,
  type ProposalInput,
  type RequirementInput,
  renderExtension,
  renderProposal,
  renderScenario,
  renderSpec,
  renderStandard,
  SECTION_ALIASES,
  type SpecInput,
  type StandardInput,
  sectionList,
  sectionText,
} from '../../../src/domain/docs/index.js';
import { lintDocs } from '../../../src/domain/lint/index.js';
import { docSet, parse } from './helpers.js';

const DATE = '2024-05-01';
const RUNS = { numRuns: Number(process.env.RUNS ?? 150) };

// ---------------------------------------------------------------------------------------------
// Generators. Text is printable (ASCII punctuation included, some non-ASCII), one line, without
// leading or trailing spaces. The few exclusions are format limits, each named where it applies.

const char = fc.oneof(
  { weight: 20, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ß', 'Ω', '中', '—', '😀', '“', '’') },
);
const raw = fc.array(char, { minLength: 1, maxLength: 24 }).map((cs) => cs.join(''));
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, '').trim();
const line = raw.map(clean).filter((s) => s.length > 0);
/** Body text starts with a letter: Markdown block syntax (#, -, >, ``` …) lives at the start of a line. */
const prose = fc.tuple(fc.constantFrom('A', 'b', 'Z', 'é'), line).map(([a, b]) => `${a}${b}`);
/**
 * A heading name: any printable text. Format limits: a heading loses a closing run of "#" after a
 * space, and "<!--" starts an HTML comment (an ID comment, in a requirement).
 */
const name = line.filter((s) => !/(^|\s)#+$/.test(s) && !/<!--/.test(s));
/**
 * A requirement name that can also be listed in **Depends on:**, where a comma or semicolon
 * separates refs, a leading "#" is an anchor, backticks and [links]() are unwrapped, "(from X)"
 * qualifies, and "none" / "n/a" mean no dependency.
 */
const depName = name.filter(
  (s) => !/[,;`[]/.test(s) && !/^#/.test(s) && !/\((from|in)\s/i.test(s) && !/^(none|n\/a|-)$/i.test(s),
);
/** A step text: Spec Kit's inline bold When / Then markers would split it. */
const stepText = prose.filter((s) => !/(\*\*|__)\s*(when|then|and|but)\s*(\*\*|__)/i.test(s));
const uniqueBy = <T>(arb: fc.Arbitrary<T>, key: (t: T) => string, min: number, max: number) =>
  fc.uniqueArray(arb, { minLength: min, maxLength: max, selector: key });
const nameKey = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

const scenario = fc.record({
  name,
  given: fc.array(stepText, { minLength: 1, maxLength: 2 }),
  when: fc.array(stepText, { minLength: 1, maxLength: 2 }),
  then: fc.array(stepText, { minLength: 1, maxLength: 2 }),
});

/** Requirements with unique names; each may depend on earlier ones (no cycles). */
function requirements(min: number, max: number, firstId = 1): fc.Arbitrary<RequirementInput[]> {
  return uniqueBy(depName, nameKey, min, max).chain((names) =>
    fc.tuple(
      ...names.map((n, i) =>
        fc.record({
          name: fc.constant(n),
          statement: prose.map((p) => `The system SHALL ${p}`),
          scenarios: uniqueBy(scenario, (s) => nameKey(s.name), 1, 2),
          dependsOn: fc.subarray(names.slice(0, i)),
          id: fc.constant(`REQ-${String(firstId + i).padStart(3, '0')}`),
        }),
      ),
    ),
  );
}

const people = fc.array(
  line.map((s) => `@${s}`),
  { maxLength: 2 },
);
const repo = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/))
  .map(([o, n]) => `${o}/${n}`);

const proposalInput: fc.Arbitrary<ProposalInput> = fc.record({
  title: name,
  problem: prose,
  goals: fc.array(prose, { minLength: 1, maxLength: 3 }),
  nonGoals: fc.array(prose, { maxLength: 3 }),
  background: fc.option(prose, { nil: undefined }),
  options: fc.array(
    fc.record({
      title: name,
      description: fc.option(prose, { nil: undefined }),
      pros: fc.array(prose, { minLength: 1, maxLength: 3 }),
      cons: fc.array(prose, { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  recommendation: prose,
  authors: people,
  reviewers: people,
});

const specInput: fc.Arbitrary<SpecInput> = fc.record({
  title: name,
  overview: prose,
  implements: fc.constant('PROP-0001'),
  implementations: fc.array(
    fc
      .record({ repo, status: fc.constantFrom('planned', 'in-progress', 'complete') })
      .chain((r) => fc.option(fc.webUrl(), { nil: undefined }).map((link) => (link ? { ...r, link } : r))),
    { maxLength: 2 },
  ),
  dependsOn: fc.subarray(['SPEC-0002', 'SPEC-0003', 'SPEC-0004']),
  requirements: requirements(1, 4),
  authors: people,
  reviewers: people,
});

// ---------------------------------------------------------------------------------------------

function stepsOf(s: { given: string[]; when: string[]; then: string[] }): string[] {
  const kw = (k: string, items: string[]) => items.map((t, i) => `${i === 0 ? k : 'AND'} ${t}`);
  return [...kw('GIVEN', s.given), ...kw('WHEN', s.when), ...kw('THEN', s.then)];
}

function expectRequirements(doc: Doc, reqs: RequirementInput[], role: string) {
  const got = doc.requirements.filter((r) => r.role === role);
  expect(got.map((r) => r.name)).toEqual(reqs.map((r) => r.name));
  got.forEach((r, i) => {
    const want = reqs[i]!;
    expect(r.localId).toBe(want.id);
    expect(r.statement).toBe(want.statement);
    expect(r.dependsOn.map((d) => d.ref)).toEqual(want.dependsOn);
    expect(r.scenarios.map((s) => s.name)).toEqual(want.scenarios.map((s) => s.name));
    expect(r.scenarios.map((s) => s.steps.map((st) => `${st.keyword} ${st.text}`))).toEqual(
      want.scenarios.map(stepsOf),
    );
    expect(r.replaces ? { ref: r.replaces.ref, from: r.replaces.from } : null).toEqual(
      want.replaces ? { ref: want.replaces.name, from: want.replaces.from } : null,
    );
  });
}

const errorsOf = (docs: Doc[]) =>
  lintDocs(docSet(docs))
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.file}:${f.line} ${f.code} ${f.message}`);

const proposalDoc = (p: ProposalInput, id = 'PROP-0001', status = 'draft') =>
  parse(
    `docs/proposals/${id}-p.md`,
    renderProposal(id, p, DATE).replace('status: draft', `status: ${status}`),
  );

const MIN_PROPOSAL: ProposalInput = {
  title: 'Base',
  problem: 'Why.',
  goals: ['Goal'],
  nonGoals: [],
  options: [{ title: 'Only', pros: ['good'], cons: ['bad'] }],
  recommendation: 'Only.',
  authors: [],
  reviewers: [],
};

function minimalSpec(id: string): Doc {
  const s: SpecInput = {
    title: `Stub ${id}`,
    overview: 'A neighbour.',
    implements: 'PROP-0001',
    implementations: [],
    dependsOn: [],
    requirements: [
      {
        name: 'Stub',
        id: 'REQ-001',
        statement: 'The stub SHALL exist.',
        dependsOn: [],
        scenarios: [{ name: 'S', given: ['g'], when: ['w'], then: ['t'] }],
      },
    ],
    authors: [],
    reviewers: [],
  };
  return parse(`docs/specs/${id}-stub.md`, renderSpec(id, s, DATE, null));
}

describe('render → parse round trip (property)', () => {
  it('proposals keep title, sections, options with pros/cons, people; and lint clean', {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(proposalInput, (p) => {
        const src = renderProposal('PROP-0007', p, DATE);
        const doc = parse('docs/proposals/PROP-0007-x.md', src);
        expect(doc.problems).toEqual([]);
        expect(doc.title).toBe(p.title);
        expect(doc.heading).toBe(`PROP-0007: ${p.title}`);
        expect(doc.status).toBe('draft');
        expect(doc.data).toMatchObject({
          id: 'PROP-0007',
          date: DATE,
          authors: p.authors,
          reviewers: p.reviewers,
        });
        expect(sectionText(doc, findSection(doc, SECTION_ALIASES.problem))).toBe(p.problem);
        expect(sectionList(doc, findSection(doc, SECTION_ALIASES.goals))).toEqual(p.goals);
        expect(sectionList(doc, findSection(doc, SECTION_ALIASES.nonGoals))).toEqual(p.nonGoals);
        expect(sectionText(doc, findSection(doc, SECTION_ALIASES.recommendation))).toBe(p.recommendation);
        expect(doc.options.map(({ title, pros, cons }) => ({ title, pros, cons }))).toEqual(
          p.options.map(({ title, pros, cons }) => ({ title, pros, cons })),
        );
        expect(errorsOf([doc])).toEqual([]);
      }),
      RUNS,
    );
  });

  it('specs keep requirements, IDs, statements, scenarios, steps, depends-on and implementations; and lint clean', {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(specInput, (s) => {
        const src = renderSpec('SPEC-0001', s, DATE, {
          id: 'PROP-0001',
          title: 'P',
          href: '../proposals/PROP-0001-p.md',
        });
        const doc = parse('docs/specs/SPEC-0001-x.md', src);
        expect(doc.problems).toEqual([]);
        expect(doc.kind).toBe('spec');
        expect(doc.title).toBe(s.title);
        expect(sectionText(doc, findSection(doc, SECTION_ALIASES.overview))).toBe(
          `${s.overview}\n\n**Implements:** [PROP-0001: P](../proposals/PROP-0001-p.md)`,
        );
        expectRequirements(doc, s.requirements, 'base');
        expect(doc.implementations).toEqual(s.implementations);
        expect(doc.refs.filter((r) => r.via === 'implements').map((r) => r.id)).toEqual(['PROP-0001']);
        expect(doc.refs.filter((r) => r.via === 'depends_on').map((r) => r.id)).toEqual(s.dependsOn);
        expect(doc.refs.filter((r) => r.via === 'spec-dependencies').map((r) => r.id)).toEqual(s.dependsOn);
        const neighbours = [
          proposalDoc(MIN_PROPOSAL, 'PROP-0001', 'approved'),
          ...s.dependsOn.map(minimalSpec),
        ];
        expect(errorsOf([doc, ...neighbours])).toEqual([]);
      }),
      RUNS,
    );
  });

  it('extensions keep added and overriding requirements with their targets; and lint clean', {
    timeout: 120_000,
  }, () => {
    const extension = requirements(1, 3).chain((base) =>
      fc
        .record({
          title: name,
          overview: prose,
          added: requirements(0, 2, base.length + 1),
          overrides: fc.subarray(base),
          reason: fc.option(prose, { nil: undefined }),
        })
        .filter(({ added, overrides }) => {
          // Names are unique within a document: added ones must not clash with the overrides'.
          const taken = overrides.map((b) => nameKey(`${b.name} v2`));
          return (
            added.length + overrides.length > 0 &&
            !added.some(
              (a) => taken.includes(nameKey(a.name)) || base.some((b) => nameKey(b.name) === nameKey(a.name)),
            )
          );
        })
        .map(({ title, overview, added, overrides, reason }) => {
          const over: RequirementInput[] = overrides.map((b, i) => ({
            ...b,
            name: `${b.name} v2`,
            id: `REQ-${String(base.length + added.length + i + 1).padStart(3, '0')}`,
            dependsOn: [],
            replaces: { name: b.name, from: 'SPEC-0001', reason },
          }));
          const e: ExtensionInput = {
            title,
            overview,
            extends: 'SPEC-0001',
            implements: 'PROP-0001',
            added,
            overrides: over,
            authors: [],
            reviewers: [],
          };
          return { base, e };
        }),
    );
    fc.assert(
      fc.property(extension, ({ base, e }) => {
        const src = renderExtension('SPEC-0001-EXT-0002', e, DATE, null, null);
        const doc = parse('docs/specs/SPEC-0001-EXT-0002-x.md', src);
        expect(doc.problems).toEqual([]);
        expect(doc.kind).toBe('extension');
        expect(doc.title).toBe(e.title);
        expect(doc.baseId).toBe('SPEC-0001');
        expect(doc.refs.map((r) => `${r.via}:${r.id}`).sort()).toEqual([
          'extends:SPEC-0001',
          'implements:PROP-0001',
        ]);
        expectRequirements(doc, e.added, 'added');
        expectRequirements(doc, e.overrides, 'override');
        const baseSpec = parse(
          'docs/specs/SPEC-0001-base.md',
          renderSpec(
            'SPEC-0001',
            {
              title: 'Base',
              overview: 'o',
              implements: 'PROP-0001',
              implementations: [],
              dependsOn: [],
              requirements: base,
              authors: [],
              reviewers: [],
            },
            DATE,
            null,
          ),
        );
        expect(errorsOf([doc, baseSpec, proposalDoc(MIN_PROPOSAL, 'PROP-0001', 'approved')])).toEqual([]);
      }),
      RUNS,
    );
  });

  it('standards keep applies-to, gitignore and scaffold; and lint clean', { timeout: 120_000 }, () => {
    const segment = fc
      .stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}$/)
      .filter((s) => s !== '..' && s !== '.');
    const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((p) => p.join('/'));
    const standard: fc.Arbitrary<StandardInput> = fc.record({
      title: name,
      appliesTo: fc.oneof(fc.constantFrom('all', 'services', 'libraries'), line),
      overview: prose,
      scopeIncludes: fc.array(prose, { maxLength: 2 }),
      scopeExcludes: fc.array(prose, { maxLength: 2 }),
      rules: fc.array(
        fc.record({
          category: name,
          must: fc.array(prose, { maxLength: 2 }),
          should: fc.array(prose, { maxLength: 2 }),
          may: fc.array(prose, { maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
      gitignore: fc.array(line, { maxLength: 3 }),
      scaffold: fc.option(
        fc.record({
          directories: fc.array(
            path.map((p) => `${p}/`),
            { maxLength: 2 },
          ),
          files: fc.array(fc.record({ path, content: fc.string({ unit: 'binary', maxLength: 60 }) }), {
            maxLength: 2,
          }),
        }),
        { nil: undefined },
      ),
      enforcement: fc.option(prose, { nil: undefined }),
      authors: people,
      reviewers: people,
    });
    fc.assert(
      fc.property(standard, (s) => {
        const doc = parse('docs/standards/STD-0003-x.md', renderStandard('STD-0003', s, DATE));
        expect(doc.problems).toEqual([]);
        expect(doc.kind).toBe('standard');
        expect(doc.title).toBe(s.title);
        expect(doc.data['applies-to']).toBe(s.appliesTo);
        expect(doc.data.gitignore).toEqual(s.gitignore);
        const hasScaffold = s.scaffold && (s.scaffold.directories.length || s.scaffold.files.length);
        expect(doc.data.scaffold).toEqual(hasScaffold ? s.scaffold : undefined);
        expect(sectionText(doc, findSection(doc, SECTION_ALIASES.overview))).toBe(s.overview);
        expect(errorsOf([doc])).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('render: canonical output', () => {
  const spec: SpecInput = {
    title: 'Runner Infrastructure',
    overview: 'Ephemeral runners.',
    implements: 'PROP-0001',
    implementations: [{ repo: 'github/runner-infra', status: 'planned' }],
    dependsOn: ['SPEC-0002'],
    requirements: [
      {
        name: 'Provisioning',
        id: 'REQ-001',
        statement: 'The system SHALL start a pod per job.',
        dependsOn: [],
        scenarios: [
          {
            name: 'Queued',
            given: ['an idle cluster'],
            when: ['a job is queued'],
            then: ['a pod starts', 'it is labelled'],
          },
        ],
      },
    ],
    authors: ['@platform'],
    reviewers: [],
  };

  it('renders the same bytes for the same input', { timeout: 120_000 }, () => {
    expect(renderSpec('SPEC-0001', spec, DATE, null)).toBe(
      renderSpec('SPEC-0001', structuredClone(spec), DATE, null),
    );
  });

  it('renders a spec in the papertrail layout', { timeout: 120_000 }, () => {
    expect(
      renderSpec('SPEC-0001', spec, DATE, {
        id: 'PROP-0001',
        title: 'Runners',
        href: '../proposals/PROP-0001-runners.md',
      }),
    ).toBe(`---
id: SPEC-0001
title: Runner Infrastructure
status: draft
date: ${DATE}
implements: PROP-0001
implementations:
  - repo: github/runner-infra
    status: planned
depends_on:
  - SPEC-0002
authors:
  - "@platform"
reviewers: []
---

# SPEC-0001: Runner Infrastructure

## Overview

Ephemeral runners.

**Implements:** [PROP-0001: Runners](../proposals/PROP-0001-runners.md)

## Requirements

### Requirement: Provisioning

**ID:** REQ-001

The system SHALL start a pod per job.

#### Scenario: Queued

- **GIVEN** an idle cluster
- **WHEN** a job is queued
- **THEN** a pod starts
- **AND** it is labelled

## Spec Dependencies

| Spec | Purpose |
|------|---------|
| SPEC-0002 | |
`);
  });

  it('writes placeholders for empty lists and options without pros or cons', { timeout: 120_000 }, () => {
    const src = renderProposal(
      'PROP-0002',
      { ...MIN_PROPOSAL, goals: [], options: [{ title: 'Bare', pros: [], cons: [] }] },
      DATE,
    );
    expect(src).toContain('## Goals\n\n_None._\n');
    expect(src).toContain('**Pros:**\n\n_None listed._\n');
    // The placeholder is prose, not a list item, so the option still reads as having no pros.
    const doc = parse('docs/proposals/PROP-0002-x.md', src);
    expect(doc.options[0]).toMatchObject({ title: 'Bare', pros: [], cons: [] });
    const none = renderProposal('PROP-0003', { ...MIN_PROPOSAL, options: [] }, DATE);
    expect(none).toContain('## Proposed Direction\n\n_No options listed._\n');
  });

  it('renders a scenario as bulleted bold steps with AND for continuations', { timeout: 120_000 }, () => {
    expect(renderScenario({ name: 'S', given: ['a', 'b'], when: ['c'], then: ['d'] })).toBe(
      '#### Scenario: S\n\n- **GIVEN** a\n- **AND** b\n- **WHEN** c\n- **THEN** d\n',
    );
  });
});

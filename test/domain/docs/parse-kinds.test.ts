import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findSection,
  parseDoc,
  SECTION_ALIASES,
  sectionList,
  sectionText,
} from '../../../src/domain/docs/index.js';
import { md, parse, posOf, scheme } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/papertrail/docs');
const fixture = (rel: string) => {
  const source = readFileSync(join(FIXTURES, rel), 'utf8');
  return { source, doc: parse(`docs/${rel}`, source) };
};

describe('proposal fixture (papertrail style)', () => {
  const { source, doc } = fixture('proposals/PROP-0001-runner-infrastructure.md');

  it('reads kind, ID, number, slug, status and title', () => {
    expect(doc).toMatchObject({
      kind: 'proposal',
      id: 'PROP-0001',
      fileId: 'PROP-0001',
      number: 1,
      slug: 'runner-infrastructure',
      status: 'approved',
      title: 'Runner Infrastructure',
      heading: 'PROP-0001: Runner Infrastructure',
      titlePos: posOf(source, 'PROP-0001: Runner'),
    });
    expect(doc.problems).toEqual([]);
    expect(doc.data.authors).toEqual(['@platform-team']);
    expect(doc.data.date).toBe('2024-01-15');
  });

  it('lists the H2 sections with positions', () => {
    expect(doc.sections.map((s) => s.title)).toEqual([
      'Problem Statement',
      'Goals',
      'Non-Goals',
      'Background',
      'Proposed Direction',
      'Recommendation',
      'Open Questions',
      'Success Criteria',
    ]);
    const goals = findSection(doc, SECTION_ALIASES.goals)!;
    expect({ line: goals.line, column: goals.column }).toEqual(posOf(source, 'Goals\n'));
  });

  it('reads goals, non-goals, problem and recommendation text', () => {
    expect(sectionList(doc, findSection(doc, SECTION_ALIASES.goals))).toEqual([
      'Autoscale runners with demand',
      'Record which runner ran each job',
      'Patch every runner image from one place',
    ]);
    expect(sectionList(doc, findSection(doc, SECTION_ALIASES.nonGoals))).toHaveLength(2);
    expect(sectionText(doc, findSection(doc, SECTION_ALIASES.problem))).toMatch(
      /^Our CI runners are hand-built virtual machines\.[\s\S]*which runner ran which job\.$/,
    );
    expect(sectionText(doc, findSection(doc, SECTION_ALIASES.recommendation))).toBe(
      'Option 1, ephemeral runners on Kubernetes, with a warm pool to hide cold starts.',
    );
  });

  it('reads options with pros and cons, blank lines after the labels or not', () => {
    expect(doc.options.map(({ title, pros, cons }) => ({ title, pros, cons }))).toEqual([
      {
        title: 'Ephemeral runners on Kubernetes',
        pros: ['Clean state for every job', 'Scales with the cluster autoscaler'],
        cons: ['Needs container-capable builds', 'Cold starts add latency'],
      },
      {
        title: 'Long-lived VM pool',
        pros: ['Familiar to every team'],
        cons: ['Drift between machines', 'Idle cost at night'],
      },
    ]);
    expect({ line: doc.options[1]!.line, column: doc.options[1]!.column }).toEqual(
      posOf(source, 'Option 2: Long-lived'),
    );
  });
});

describe('proposal variants', () => {
  it('reads "superseded by PROP-NNNN" as status superseded plus a successor ref at the status key', () => {
    const { doc } = fixture('proposals/PROP-0002-shared-runner-pool.md');
    expect(doc.status).toBe('superseded');
    expect(doc.refs).toEqual([{ id: 'PROP-0003', via: 'superseded_by', line: 2, column: 1 }]);
  });

  it('accepts "Options Considered" and "Decision", inline pros/cons values and unnumbered options', () => {
    const doc = parse(
      'docs/proposals/PROP-0009-x.md',
      md`
        # PROP-0009: Aliases

        ## Options Considered

        ### Option A - Do nothing
        **Pros:** free
        **Cons:** nothing improves
        - and people leave

        ### Buy it
        Some description.
        - not a pro

        **Pros**: fast

        ## Decision

        Buy it.
      `,
    );
    expect(doc.options.map(({ title, pros, cons }) => ({ title, pros, cons }))).toEqual([
      { title: 'A - Do nothing', pros: ['free'], cons: ['nothing improves', 'and people leave'] },
      { title: 'Buy it', pros: ['fast'], cons: [] },
    ]);
    expect(sectionText(doc, findSection(doc, SECTION_ALIASES.recommendation))).toBe('Buy it.');
  });

  it('does not read options outside the options section', () => {
    const doc = parse('docs/proposals/PROP-0009-x.md', '# P\n\n## Goals\n\n### Option 1: no\n**Pros:** x\n');
    expect(doc.options).toEqual([]);
  });
});

describe('spec fixtures', () => {
  it('reads implements, implementations and their positions', () => {
    const { source, doc } = fixture('specs/SPEC-0001-runner-infrastructure.md');
    expect(doc.kind).toBe('spec');
    expect(doc.refs).toEqual([{ id: 'PROP-0001', via: 'implements', ...posOf(source, 'implements:') }]);
    expect(doc.implementations).toEqual([
      {
        repo: 'github/runner-infra',
        status: 'in-progress',
        link: 'https://github.com/github/runner-infra/pull/1',
      },
      { repo: 'github/runner-images', status: 'planned' },
    ]);
    expect(doc.requirements.map((r) => [r.name, r.dependsOn.map((d) => d.ref)])).toEqual([
      ['Runner Provisioning', []],
      ['Monitoring', ['Runner Provisioning']],
      ['Cleanup', ['Runner Provisioning', 'Monitoring']],
    ]);
    expect(doc.requirements[2]!.scenarios.map((s) => s.steps.map((x) => x.keyword))).toEqual([
      ['GIVEN', 'WHEN', 'THEN'],
      ['GIVEN', 'WHEN', 'THEN'],
    ]);
  });

  it('reads "### SPEC-NNNN: title" spec dependencies, ignoring the list under it', () => {
    const { source, doc } = fixture('specs/SPEC-0002-user-service.md');
    expect(doc.refs.filter((r) => r.via === 'spec-dependencies')).toEqual([
      { id: 'SPEC-0001', via: 'spec-dependencies', ...posOf(source, 'SPEC-0001: Runner') },
    ]);
  });

  it('reads frontmatter depends_on lists, dependency tables (first column only) and list items', () => {
    const { source, doc } = fixture('specs/SPEC-0003-job-router.md');
    const deps = doc.refs.filter((r) => r.via !== 'implements');
    expect(deps).toEqual([
      { id: 'SPEC-0001', via: 'depends_on', ...posOf(source, 'SPEC-0001\n') },
      { id: 'SPEC-0001', via: 'spec-dependencies', ...posOf(source, 'SPEC-0001 | Runner pods') },
      { id: 'SPEC-0002', via: 'spec-dependencies', ...posOf(source, 'SPEC-0002 | User') },
      { id: 'SPEC-0002', via: 'spec-dependencies', ...posOf(source, 'SPEC-0002: checked') },
    ]);
    expect(doc.implementations).toEqual([]);
  });

  it('reads "None - standalone" prose as no dependency', () => {
    const { doc } = fixture('specs/SPEC-0001-runner-infrastructure.md');
    expect(doc.refs.filter((r) => r.via === 'spec-dependencies')).toEqual([]);
  });

  it('reads depends_on written as a comma-separated string and standards lists', () => {
    const src = md`
      ---
      depends_on: SPEC-0002, SPEC-0003
      standards: [STD-0001]
      implementations:
        - org/plain-string
        - repo: org/obj
      ---
      # SPEC-0004: T
    `;
    const doc = parse('docs/specs/SPEC-0004-t.md', src);
    expect(doc.refs).toEqual([
      { id: 'SPEC-0002', via: 'depends_on', line: 2, column: 1 },
      { id: 'SPEC-0003', via: 'depends_on', line: 2, column: 1 },
      { id: 'STD-0001', via: 'standards', ...posOf(src, 'STD-0001') },
    ]);
    expect(doc.implementations).toEqual([
      { repo: 'org/plain-string', status: 'planned' },
      { repo: 'org/obj', status: '' },
    ]);
  });

  it('ignores spec IDs in a fenced block inside Spec Dependencies', () => {
    const doc = parse(
      'docs/specs/SPEC-0004-t.md',
      '# SPEC-0004: T\n\n## Spec Dependencies\n\n```\n| SPEC-0009 | x |\n```\n',
    );
    expect(doc.refs).toEqual([]);
  });
});

describe('extension fixture: both override syntaxes', () => {
  const { source, doc } = fixture('specs/SPEC-0001-EXT-0001-audit-logging.md');

  it('reads the base spec from the file name and the refs from frontmatter', () => {
    expect(doc).toMatchObject({
      kind: 'extension',
      id: 'SPEC-0001-EXT-0001',
      baseId: 'SPEC-0001',
      number: 1,
    });
    expect(doc.refs.map((r) => [r.id, r.via])).toEqual([
      ['PROP-0001', 'implements'],
      ['SPEC-0001', 'extends'],
    ]);
  });

  it('gives added and overriding requirements their roles', () => {
    expect(doc.requirements.map((r) => [r.name, r.role, r.localId])).toEqual([
      ['Audit Trail', 'added', 'REQ-001'],
      ['Cleanup', 'override', 'REQ-002'],
      ['Audit Logging and Metrics', 'override', 'REQ-003'],
    ]);
  });

  it('reads "### Overrides: Name" as replacing Name, located at the heading', () => {
    const r = doc.requirements[1]!;
    expect(r.replaces).toEqual({ ref: 'Cleanup', from: null, ...posOf(source, 'Overrides: Cleanup') });
    expect(r.statement).toBe('The system SHALL ship the pod logs before deleting a runner pod.');
  });

  it('reads "**Replaces:** Name (from SPEC-NNNN)" with the source spec, after a --- rule', () => {
    const r = doc.requirements[2]!;
    expect(r.replaces).toEqual({
      ref: 'Monitoring',
      from: 'SPEC-0001',
      ...posOf(source, 'Monitoring (from SPEC-0001)'),
    });
    expect(r.statement).toBe('The system MUST export audit counters with the runner metrics.');
  });

  it('reads **Overrides:** labels and "(in SPEC-…)" too; a plain requirement there has no target', () => {
    const doc2 = parse(
      'docs/specs/SPEC-0001-EXT-0002-x.md',
      md`
        ---
        extends: SPEC-0001
        ---
        # SPEC-0001-EXT-0002: X

        ## Requirements

        ### Requirement: Added via plain Requirements
        The system SHALL add.

        ## Overrides

        ### Requirement: New Cleanup
        **Overrides:** Cleanup (in SPEC-0001)

        The system SHALL.

        ### Requirement: Untargeted
        The system SHALL.
      `,
    );
    expect(
      doc2.requirements.map((r) => [r.name, r.role, r.replaces?.ref ?? null, r.replaces?.from ?? null]),
    ).toEqual([
      ['Added via plain Requirements', 'added', null, null],
      ['New Cleanup', 'override', 'Cleanup', 'SPEC-0001'],
      ['Untargeted', 'override', null, null],
    ]);
  });

  it('reports a requirement outside the extension sections', () => {
    const d = parse(
      'docs/specs/SPEC-0001-EXT-0003-x.md',
      '# SPEC-0001-EXT-0003: X\n\n## Overview\n\n### Requirement: Lost\nThe system SHALL.\n',
    );
    expect(d.requirements).toEqual([]);
    expect(d.problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['requirement/outside-section', 5, 5],
    ]);
  });
});

describe('standard fixture', () => {
  const { doc } = fixture('standards/STD-0001-go-services.md');

  it('reads applies-to, gitignore and scaffold', () => {
    expect(doc.kind).toBe('standard');
    expect(doc.data['applies-to']).toBe('services');
    expect(doc.data.gitignore).toEqual(['bin/', '*.test']);
    expect(doc.data.scaffold).toEqual({
      directories: ['cmd/', 'internal/'],
      files: [{ path: 'Makefile', content: 'build:\n\tgo build ./...\n' }],
    });
    expect(doc.requirements).toEqual([]);
    expect(doc.sections.map((s) => s.title)).toEqual(['Overview', 'Scope', 'Standard', 'Enforcement']);
  });
});

describe('titles, IDs, kinds and statuses', () => {
  it.each([
    ['# SPEC-0001: Title', 'Title'],
    ['# SPEC-0001 - Title', 'Title'],
    ['# SPEC-0001 — Title', 'Title'],
    ['# SPEC-0001-EXT-0002: Ext Title', 'Ext Title'],
    ['# Plain Title', 'Plain Title'],
    ['# SPEC-0001:', null],
    ['# Title with a trailing hash ##', 'Title with a trailing hash'],
  ])('takes the title from %j', (h1, title) => {
    const doc = parse('docs/specs/SPEC-0001-x.md', `---\nstatus: draft\n---\n\n${h1}\n`);
    expect(doc.title).toBe(title);
    expect(doc.titlePos).toEqual({ line: 5, column: 3 });
  });

  it('prefers the frontmatter title and keeps the H1 as heading', () => {
    const doc = parse('docs/specs/SPEC-0001-x.md', '---\ntitle: " From YAML "\n---\n# SPEC-0001: From H1\n');
    expect(doc.title).toBe('From YAML');
    expect(doc.heading).toBe('SPEC-0001: From H1');
  });

  it('ignores a "# comment" inside frontmatter and an H1 inside a fence', () => {
    const doc = parse(
      'docs/specs/SPEC-0001-x.md',
      '---\n# yaml comment\nstatus: draft\n---\n```\n# fenced\n```\n# Real\n',
    );
    expect(doc.title).toBe('Real');
    expect(doc.titlePos).toEqual({ line: 8, column: 3 });
  });

  it('has no title without an H1', () => {
    const doc = parse('docs/specs/SPEC-0001-x.md', '---\nstatus: draft\n---\n## Overview\n');
    expect(doc.title).toBeNull();
    expect(doc.heading).toBeNull();
    expect(doc.titlePos).toBeNull();
  });

  it('normalises status case and keeps a missing status as null', () => {
    expect(parse('docs/specs/SPEC-0001-x.md', '---\nstatus: " Approved "\n---\n').status).toBe('approved');
    expect(parse('docs/specs/SPEC-0001-x.md', '---\nstatus: Superseded By SPEC-0002\n---\n').status).toBe(
      'superseded',
    );
    expect(parse('docs/specs/SPEC-0001-x.md', '---\ndate: 2024-01-01\n---\n').status).toBeNull();
    expect(parse('docs/specs/SPEC-0001-x.md', '# no frontmatter\n').status).toBeNull();
  });

  it.each([
    ['docs/proposals/PROP-0012-a-b.md', 'proposal', 'PROP-0012', 12, 'a-b', null],
    ['docs/specs/SPEC-0003-x.md', 'spec', 'SPEC-0003', 3, 'x', null],
    ['docs/specs/SPEC-0003-EXT-0010-y.md', 'extension', 'SPEC-0003-EXT-0010', 10, 'y', 'SPEC-0003'],
    ['docs/standards/STD-0002-go.md', 'standard', 'STD-0002', 2, 'go', null],
    ['docs/specs/SPEC-12345-big.md', 'spec', 'SPEC-12345', 12345, 'big', null],
  ])('classifies %s from its file name', (file, kind, id, number, slug, baseId) => {
    expect(parse(file, '# T\n')).toMatchObject({ kind, id, fileId: id, number, slug, baseId });
  });

  it('falls back to the given kind, then the frontmatter id, then "spec"', () => {
    const a = parseDoc({
      source: '# T\n',
      path: '/ws/.github/spec/spec.md',
      file: '.github/spec/spec.md',
      scheme,
      kind: 'proposal',
    });
    expect(a).toMatchObject({ kind: 'proposal', id: 'spec', fileId: null, number: null });
    const b = parse('docs/odd.md', '---\nid: STD-0004\n---\n# T\n');
    expect(b).toMatchObject({ kind: 'standard', id: 'STD-0004', fileId: null });
    const c = parse('docs/odd.md', '---\nid: SPEC-0002-EXT-0001\nextends: SPEC-0002\n---\n');
    expect(c).toMatchObject({ kind: 'extension', baseId: 'SPEC-0002' });
    expect(parse('docs/odd.md', '# T\n').kind).toBe('spec');
  });

  it('keeps the file-name ID when the frontmatter id disagrees', () => {
    expect(parse('docs/specs/SPEC-0001-x.md', '---\nid: SPEC-0002\n---\n').id).toBe('SPEC-0001');
  });
});

import { describe, expect, it } from 'vitest';
import type { Requirement, Step } from '../../../src/domain/docs/index.js';
import { md, parse, posOf } from './helpers.js';

const steps = (r: Requirement | undefined, i = 0) =>
  (r?.scenarios[i]?.steps ?? []).map((s: Step) => `${s.keyword} ${s.text}`);

const SPEC = md`
  ---
  status: draft
  date: 2024-01-20
  implements: PROP-0001
  ---

  # SPEC-0001: Runner Infrastructure

  ## Overview

  Ephemeral runners.

  ## Requirements

  ### Requirement: Bold Lines
  **ID:** REQ-001
  **Depends on:** Bulleted Bold, Bare Bulleted

  The system SHALL accept bold step lines.

  #### Scenario: Template style
  **GIVEN** an idle cluster
  **WHEN** a job is queued
  **THEN** a pod starts
  **AND** it is labelled

  ### Requirement: Bulleted Bold
  **ID:** REQ-002

  The system SHALL accept bulleted bold lines.

  #### Scenario: Example style

  - **GIVEN** a user
  - **WHEN** they log in
  - **THEN** a session starts
  - **BUT** no cookie is set

  ### Requirement: Bare Bulleted
  **ID:** REQ-003

  The system MUST accept bare bulleted lines.

  #### Scenario: Transcript style
  - GIVEN a pod
  - WHEN its job ends
  - THEN it is deleted

  ### Requirement: Plain Bare
  **ID:** REQ-004

  The system SHALL accept plain bare lines.

  #### Scenario: Plain
  GIVEN a pod
  WHEN the controller reconciles
  THEN nothing happens
  AND nothing is logged

  ### Requirement: Spec Kit
  **ID:** REQ-005

  The system SHALL accept Spec Kit acceptance lines.

  #### Scenario: One line
  1. **Given** an unknown user, **When** they queue a job, **Then** the job is rejected
  2. **Given** a known user, **When** they queue a job, **Then** it runs, **And** it is logged
`;

describe('parseDoc: requirements and scenarios', () => {
  const doc = parse('docs/specs/SPEC-0001-runner-infrastructure.md', SPEC);
  const req = (name: string) => doc.requirements.find((r) => r.name === name);

  it('finds every requirement in order, with its local ID and statement', () => {
    expect(doc.problems).toEqual([]);
    expect(doc.requirements.map((r) => [r.name, r.localId, r.role])).toEqual([
      ['Bold Lines', 'REQ-001', 'base'],
      ['Bulleted Bold', 'REQ-002', 'base'],
      ['Bare Bulleted', 'REQ-003', 'base'],
      ['Plain Bare', 'REQ-004', 'base'],
      ['Spec Kit', 'REQ-005', 'base'],
    ]);
    expect(req('Bare Bulleted')?.statement).toBe('The system MUST accept bare bulleted lines.');
  });

  it('reads bold step lines (**GIVEN** x)', () => {
    expect(req('Bold Lines')?.scenarios.map((s) => s.name)).toEqual(['Template style']);
    expect(steps(req('Bold Lines'))).toEqual([
      'GIVEN an idle cluster',
      'WHEN a job is queued',
      'THEN a pod starts',
      'AND it is labelled',
    ]);
  });

  it('reads bulleted bold step lines (- **GIVEN** x), BUT included', () => {
    expect(steps(req('Bulleted Bold'))).toEqual([
      'GIVEN a user',
      'WHEN they log in',
      'THEN a session starts',
      'BUT no cookie is set',
    ]);
  });

  it('reads bare bulleted (- GIVEN x) and plain bare (GIVEN x) lines', () => {
    expect(steps(req('Bare Bulleted'))).toEqual(['GIVEN a pod', 'WHEN its job ends', 'THEN it is deleted']);
    expect(steps(req('Plain Bare'))).toEqual([
      'GIVEN a pod',
      'WHEN the controller reconciles',
      'THEN nothing happens',
      'AND nothing is logged',
    ]);
  });

  it('splits Spec Kit one-line scenarios into steps', () => {
    expect(steps(req('Spec Kit'))).toEqual([
      'GIVEN an unknown user',
      'WHEN they queue a job',
      'THEN the job is rejected',
      'GIVEN a known user',
      'WHEN they queue a job',
      'THEN it runs',
      'AND it is logged',
    ]);
  });

  it('keeps the positions of requirements, IDs, statements and scenarios', () => {
    const r = req('Bold Lines')!;
    expect({ line: r.line, column: r.column }).toEqual(posOf(SPEC, 'Requirement: Bold Lines'));
    expect(r.line).toBe(15);
    expect(r.column).toBe(5);
    expect(r.idPos).toEqual(posOf(SPEC, 'REQ-001'));
    expect(r.idPos).toEqual({ line: 16, column: 9 });
    expect(r.statementPos).toEqual(posOf(SPEC, 'The system SHALL accept bold'));
    const s = r.scenarios[0]!;
    expect({ line: s.line, column: s.column }).toEqual(posOf(SPEC, 'Scenario: Template style'));
    expect(s.column).toBe(6);
  });

  it('keeps the positions of depends-on refs', () => {
    const r = req('Bold Lines')!;
    const line = SPEC.split('\n')[16]!;
    expect(line).toBe('**Depends on:** Bulleted Bold, Bare Bulleted');
    expect(r.dependsOn).toEqual([
      { ref: 'Bulleted Bold', line: 17, column: line.indexOf('Bulleted Bold') + 1 },
      { ref: 'Bare Bulleted', line: 17, column: line.indexOf('Bare Bulleted') + 1 },
    ]);
  });

  it('points each step at its keyword marker', () => {
    const at = (r: string, i: number) => {
      const st = req(r)!.scenarios[0]!.steps[i]!;
      return { line: st.line, column: st.column };
    };
    expect(at('Bold Lines', 0)).toEqual(posOf(SPEC, '**GIVEN** an idle'));
    expect(at('Bulleted Bold', 1)).toEqual(posOf(SPEC, '**WHEN** they log in'));
    expect(at('Bare Bulleted', 2)).toEqual(posOf(SPEC, 'THEN it is deleted'));
    expect(at('Plain Bare', 3)).toEqual(posOf(SPEC, 'AND nothing'));
  });

  it('points each step of a Spec Kit line at its own bold keyword', () => {
    const line = '1. **Given** an unknown user, **When** they queue a job, **Then** the job is rejected';
    const ln = posOf(SPEC, line).line;
    const got = req('Spec Kit')!
      .scenarios[0]!.steps.slice(0, 3)
      .map((s) => [s.line, s.column]);
    expect(got).toEqual([
      [ln, line.indexOf('**Given**') + 1],
      [ln, line.indexOf('**When**') + 1],
      [ln, line.indexOf('**Then**') + 1],
    ]);
  });

  it('records block boundaries as line indices', () => {
    const r = req('Bold Lines')!;
    const lines = doc.scanned.lines;
    expect(lines[r.start]!.text).toBe('### Requirement: Bold Lines');
    expect(lines[r.end]!.text).toBe('### Requirement: Bulleted Bold');
    expect(lines[r.preambleEnd]!.text).toBe('#### Scenario: Template style');
    const s = r.scenarios[0]!;
    expect(lines[s.start]!.text).toBe('#### Scenario: Template style');
    expect(s.end).toBe(r.end);
  });

  it('never changes the source', () => {
    expect(doc.source).toBe(SPEC);
  });
});

describe('parseDoc: requirement details', () => {
  const wrap = (body: string) =>
    md`
    ---
    status: draft
    ---
    # SPEC-0002: Details

    ## Requirements

  ` + body;

  it('reads IDs written as HTML comments and as **ID**: with the colon outside', () => {
    const src = wrap(md`
      ### Requirement: A
      <!-- REQ-007 -->
      The system SHALL a.

      ### Requirement: B
      <!-- id: REQ-008 -->
      The system SHALL b.

      ### Requirement: C
      **ID**: REQ-009

      The system SHALL c.
    `);
    const doc = parse('docs/specs/SPEC-0002-details.md', src);
    expect(doc.requirements.map((r) => [r.localId, r.idPos])).toEqual([
      ['REQ-007', posOf(src, 'REQ-007')],
      ['REQ-008', posOf(src, 'REQ-008')],
      ['REQ-009', posOf(src, 'REQ-009')],
    ]);
    expect(doc.requirements[0]!.idPos!.column).toBe(6);
    expect(doc.requirements.map((r) => r.statement)).toEqual([
      'The system SHALL a.',
      'The system SHALL b.',
      'The system SHALL c.',
    ]);
  });

  it('joins a statement that wraps over several lines and stops at a blank line', () => {
    const src = wrap(md`
      ### Requirement: Wrapped
      **ID:** REQ-001

      ---

      The system SHALL do one thing
      and then another.

      This second paragraph is commentary.
    `);
    const doc = parse('docs/specs/SPEC-0002-details.md', src);
    expect(doc.requirements[0]!.statement).toBe('The system SHALL do one thing and then another.');
    expect(doc.requirements[0]!.statementPos).toEqual(posOf(src, 'The system SHALL do'));
  });

  it('reads Depends on / Depends-on / Blocked by, with links, code, # and "none"', () => {
    const doc = parse(
      'docs/specs/SPEC-0002-details.md',
      wrap(md`
        ### Requirement: One
        **Depends on:** [Two](#two); \`Three\`, #Four

        The system SHALL one.

        ### Requirement: Two
        **Depends-on:** None

        The system SHALL two.

        ### Requirement: Three
        **Blocked by:** SPEC-0001/REQ-002, Monitoring (from SPEC-0001)

        The system SHALL three.

        ### Requirement: Four
        **Depends on:** n/a

        The system SHALL four.
      `),
    );
    expect(doc.requirements.map((r) => r.dependsOn.map((d) => d.ref))).toEqual([
      ['Two', 'Three', 'Four'],
      [],
      ['SPEC-0001/REQ-002', 'Monitoring (from SPEC-0001)'],
      [],
    ]);
  });

  it('points a depends-on ref at its value even when the label contains the same word', () => {
    const src = wrap(md`
      ### Requirement: Depends
      **Depends on:** on, Depends

      The system SHALL depend.
    `);
    const doc = parse('docs/specs/SPEC-0002-details.md', src);
    const line = '**Depends on:** on, Depends';
    expect(doc.requirements[0]!.dependsOn.map((d) => d.column)).toEqual([
      line.indexOf(' on,') + 2,
      line.lastIndexOf('Depends') + 1,
    ]);
  });

  it('accepts a colon after the step keyword and __bold__ markers', () => {
    const doc = parse(
      'docs/specs/SPEC-0002-details.md',
      wrap(md`
        ### Requirement: Colons
        The system SHALL accept colons.

        #### Scenario: Colons
        - **GIVEN:** a
        - __WHEN__ b
        - **THEN**: c
        - AND: d
      `),
    );
    expect(steps(doc.requirements[0])).toEqual(['GIVEN a', 'WHEN b', 'THEN c', 'AND d']);
  });

  it('does not take lower-case bare words or prose as steps', () => {
    const doc = parse(
      'docs/specs/SPEC-0002-details.md',
      wrap(md`
        ### Requirement: Prose
        The system SHALL ignore prose.

        #### Scenario: Prose
        given a lower-case word
        GIVENS are not steps
        - **GIVEN** a real step
      `),
    );
    expect(steps(doc.requirements[0])).toEqual(['GIVEN a real step']);
  });

  it('reads steps inside a blockquote and nested bullets as part of the step', () => {
    const doc = parse(
      'docs/specs/SPEC-0002-details.md',
      wrap(md`
        ### Requirement: Quoted
        The system SHALL quote.

        #### Scenario: Quoted
        > - GIVEN a pod
        > - WHEN it ends
        > - THEN it is deleted

        #### Scenario: Nested
        - **GIVEN** metrics
        - **THEN** it sees:
          - \`audit_records_total\`
          - \`runner_count\`
      `),
    );
    expect(steps(doc.requirements[0], 0)).toEqual(['GIVEN a pod', 'WHEN it ends', 'THEN it is deleted']);
    expect(steps(doc.requirements[0], 1)).toEqual([
      'GIVEN metrics',
      'THEN it sees:\n- `audit_records_total`\n- `runner_count`',
    ]);
  });

  it('keeps empty step texts empty (the linter reports them)', () => {
    const doc = parse(
      'docs/specs/SPEC-0002-details.md',
      wrap(md`
        ### Requirement: Empty
        The system SHALL.

        #### Scenario: Empty
        - **GIVEN**
        - WHEN
        - **THEN** done
      `),
    );
    expect(steps(doc.requirements[0])).toEqual(['GIVEN ', 'WHEN ', 'THEN done']);
  });

  it('reads an empty requirement name and an empty scenario name as empty', () => {
    const doc = parse(
      'docs/specs/SPEC-0002-details.md',
      wrap(md`
        ### Requirement:
        The system SHALL.

        #### Scenario:
        - **WHEN** x
      `),
    );
    expect(doc.requirements[0]!.name).toBe('');
    expect(doc.requirements[0]!.scenarios[0]!.name).toBe('');
  });

  it('ignores requirement and scenario headings inside fenced code blocks', () => {
    const doc = parse(
      'docs/specs/SPEC-0002-details.md',
      wrap(md`
        ### Requirement: Real
        The system SHALL be real.

        \`\`\`markdown
        ### Requirement: Fake
        #### Scenario: Fake
        - **GIVEN** fake
        \`\`\`

        #### Scenario: Real
        - **WHEN** real
        ~~~
        - **THEN** fenced step
        ~~~
        - **THEN** real
      `),
    );
    expect(doc.requirements.map((r) => r.name)).toEqual(['Real']);
    expect(doc.requirements[0]!.scenarios.map((s) => s.name)).toEqual(['Real']);
    expect(steps(doc.requirements[0])).toEqual(['WHEN real', 'THEN real']);
  });

  it('reports a requirement outside the Requirements section and leaves it out', () => {
    const src = md`
      ---
      status: draft
      ---
      # SPEC-0003: Outside

      ## Overview

      ### Requirement: Stray
      The system SHALL stray.

      ## Requirements

      ### Requirement: Inside
      The system SHALL stay.
    `;
    const doc = parse('docs/specs/SPEC-0003-outside.md', src);
    expect(doc.requirements.map((r) => r.name)).toEqual(['Inside']);
    expect(doc.problems).toEqual([
      expect.objectContaining({
        code: 'requirement/outside-section',
        severity: 'error',
        file: 'docs/specs/SPEC-0003-outside.md',
        ...posOf(src, 'Requirement: Stray'),
      }),
    ]);
  });

  it('parses no requirements in proposals and standards', () => {
    const body = '---\nstatus: draft\n---\n# X\n\n## Requirements\n\n### Requirement: R\nThe system SHALL.\n';
    expect(parse('docs/proposals/PROP-0001-x.md', body).requirements).toEqual([]);
    expect(parse('docs/standards/STD-0001-x.md', body).requirements).toEqual([]);
    expect(parse('docs/specs/SPEC-0001-x.md', body).requirements).toHaveLength(1);
  });
});

describe('parseDoc: broken frontmatter', () => {
  it('still reads the body of a document whose frontmatter is never closed', () => {
    const src =
      '---\nstatus: draft\n\n# SPEC-0004: Body\n\n## Requirements\n\n### Requirement: R\nThe system SHALL r.\n';
    const doc = parse('docs/specs/SPEC-0004-body.md', src);
    expect(doc.problems.map((p) => [p.code, p.line, p.column])).toEqual([['frontmatter/unclosed', 1, 1]]);
    expect(doc.data).toEqual({});
    expect(doc.title).toBe('Body');
    expect(doc.requirements.map((r) => r.name)).toEqual(['R']);
  });

  it('reports YAML problems as findings at their line, never throwing', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++)
      bomb.push(`${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(8).fill(`*${'abcdefgh'[i]}`).join(', ')}]`);
    const doc = parse('docs/specs/SPEC-0005-x.md', `---\n${bomb.join('\n')}\n---\n# SPEC-0005: X\n`);
    expect(doc.problems.map((p) => [p.code, p.severity, p.line])).toEqual([
      ['frontmatter/yaml-syntax', 'error', 2],
    ]);
    const dup = parse('docs/specs/SPEC-0005-x.md', '---\nstatus: draft\ntitle: T\nstatus: review\n---\n');
    expect(dup.problems).toEqual([
      expect.objectContaining({
        code: 'frontmatter/duplicate-key',
        line: 4,
        column: 1,
        file: 'docs/specs/SPEC-0005-x.md',
      }),
    ]);
  });
});

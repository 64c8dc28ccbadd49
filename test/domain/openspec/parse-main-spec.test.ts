import { describe, expect, it } from 'vitest';
import { parseOpenSpecSpec } from '../../../src/domain/openspec/index.js';
import { GOOD_SPEC, md } from './helpers.js';

describe('parseOpenSpecSpec', () => {
  it('reads title, Purpose, requirements, bodies and scenarios with positions', () => {
    const s = parseOpenSpecSpec(GOOD_SPEC, 'openspec/specs/auth/spec.md');
    expect(s.title).toBe('auth Specification');
    expect(s.purpose).toMatchObject({
      text: 'Authentication: how users prove who they are before they get in.',
      line: 3,
    });
    expect(s.requirementsSection).toMatchObject({ line: 6, level: 2 });
    expect(s.requirements.map((r) => [r.name, r.canonical, r.line, r.column])).toEqual([
      ['Login', true, 7, 5],
      ['Logout', true, 18, 5],
    ]);
    expect(s.blocks.map((b) => [b.name, b.body, b.bodyLine, b.scenarios.map((x) => x.name)])).toEqual([
      ['Login', 'The system SHALL let a user log in.', 8, ['Valid password', 'Wrong password']],
      ['Logout', 'The system SHALL end the session on logout.', 19, ['Logout']],
    ]);
    expect(s.blocks[1]!.raw.split('\n')).toHaveLength(6);
    expect(s.structure).toEqual([]);
  });

  it('ignores headers inside fences, strips a BOM, CRLF and closing hashes', () => {
    const src = `\uFEFF${md(
      '## Purpose',
      'Purpose text that is long enough to be a real purpose statement.',
      '## Requirements',
      '### Requirement: Fenced ###',
      'The system SHALL work.',
      '```md',
      '### Requirement: Not real',
      '#### Scenario: Not real either',
      '```',
      '#### Scenario: Real',
      '- **WHEN** x',
    ).replace(/\n/g, '\r\n')}`;
    const s = parseOpenSpecSpec(src, 'f');
    expect(s.purpose?.line).toBe(1);
    expect(s.blocks.map((b) => b.name)).toEqual(['Fenced']);
    expect(s.blocks[0]!.scenarios.map((x) => x.name)).toEqual(['Real']);
    expect(s.requirements[0]!.scenarios.map((x) => x.name)).toEqual(['Real']);
  });

  it('keeps metadata lines out of the body unless they are all there is', () => {
    const s = parseOpenSpecSpec(
      md(
        '## Requirements',
        '### Requirement: A',
        '**ID**: REQ-1',
        'Body SHALL hold.',
        '### Requirement: B',
        '**Constraint**: It MUST.',
      ),
      'f',
    );
    expect(s.blocks.map((b) => b.body)).toEqual(['Body SHALL hold.', '**Constraint**: It MUST.']);
  });

  it('treats every child header of Requirements as a requirement, as OpenSpec show does', () => {
    const s = parseOpenSpecSpec(
      md('## Requirements', '### Notes', 'text', '### Requirement: A', 'A SHALL.'),
      'f',
    );
    expect(s.requirements.map((r) => [r.name, r.canonical, r.text])).toEqual([
      ['Notes', false, 'text'],
      ['A', true, 'A SHALL.'],
    ]);
    // Archive's view: `### Notes` is not a block boundary, it belongs to the block before it (none here).
    expect(s.blocks.map((b) => b.name)).toEqual(['A']);
  });

  it('marks scenarios without a body', () => {
    const s = parseOpenSpecSpec(
      md(
        '## Requirements',
        '### Requirement: A',
        'A SHALL.',
        '#### Scenario: Empty',
        '#### Scenario: Full',
        'x',
      ),
      'f',
    );
    expect(s.blocks[0]!.scenarios.map((x) => [x.name, x.hasBody])).toEqual([
      ['Empty', false],
      ['Full', true],
    ]);
  });

  it('records delta headers, requirements outside the section and duplicates', () => {
    const s = parseOpenSpecSpec(
      md(
        '### Requirement: Early',
        '## Requirements',
        '### Requirement: A',
        '### Requirement: A ##',
        '## ADDED Requirements',
        '### Requirement: B',
      ),
      'f',
    );
    expect(s.structure.map((i) => [i.kind, i.line])).toEqual([
      ['requirement-outside', 1],
      ['duplicate-requirement', 4],
      ['delta-header', 5],
      ['requirement-outside', 6],
    ]);
    expect(s.structure[1]!.firstLine).toBe(3);
  });

  it('finds Purpose and Requirements at any level, as OpenSpec does', () => {
    const s = parseOpenSpecSpec(
      md('# Purpose', 'Text', '# Requirements', '## Requirement: not canonical at level 2'),
      'f',
    );
    expect(s.purpose?.text).toBe('Text');
    expect(s.requirements.map((r) => [r.name, r.canonical])).toEqual([
      ['Requirement: not canonical at level 2', false],
    ]);
    expect(s.blocks).toEqual([]);
  });
});

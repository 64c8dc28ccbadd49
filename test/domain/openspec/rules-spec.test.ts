import { describe, expect, it } from 'vitest';
import { checkMainSpec, parseOpenSpecSpec } from '../../../src/domain/openspec/index.js';
import { at, GOOD_SPEC, md } from './helpers.js';

const PURPOSE = ['## Purpose', 'A purpose that is comfortably longer than fifty characters.'];
const REQ = [
  '### Requirement: A',
  'The system SHALL do A.',
  '#### Scenario: a',
  '- **WHEN** x',
  '- **THEN** y',
];

function check(...lines: string[]) {
  return checkMainSpec(parseOpenSpecSpec(md(...lines), 'openspec/specs/x/spec.md'));
}

describe('main spec rules', () => {
  it('accepts a well-formed spec', () => {
    expect(checkMainSpec(parseOpenSpecSpec(GOOD_SPEC, 'f'))).toEqual([]);
  });

  it('missing-purpose: absent or empty Purpose', () => {
    expect(at(check('## Requirements', ...REQ))).toEqual(['missing-purpose@-']);
    expect(at(check('## Purpose', '', '## Requirements', ...REQ))).toEqual(['missing-purpose@1']);
  });

  it('missing-requirements-section and no-requirements', () => {
    expect(at(check(...PURPOSE))).toEqual(['missing-requirements-section@-']);
    expect(at(check(...PURPOSE, '## Requirements', 'Later.'))).toEqual(['no-requirements@3']);
  });

  it('requirement-no-scenario: bullets without a scenario header, or an empty scenario header', () => {
    const f = check(
      ...PURPOSE,
      '## Requirements',
      '### Requirement: A',
      'A SHALL.',
      '- **WHEN** x',
      '### Requirement: B',
      'B SHALL.',
      '#### Scenario: b',
    );
    expect(at(f)).toEqual(['requirement-no-scenario@4', 'requirement-no-scenario@7']);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.hint).toContain('#### Scenario:');
    expect(f[1]!.message).toContain('nothing under it');
  });

  it('requirement-no-text: empty body is an error, with a note when SHALL is only in the header', () => {
    const f = check(
      ...PURPOSE,
      '## Requirements',
      '### Requirement: A',
      '#### Scenario: a',
      '- x',
      '### Requirement: It SHALL b',
      '#### Scenario: b',
      '- x',
    );
    expect(at(f)).toEqual(['requirement-no-text@4', 'requirement-no-text@7']);
    expect(f[1]!.message).toContain('only in its header');
  });

  it('requirement-no-shall: a body without SHALL/MUST is a warning on the body line', () => {
    const f = check(
      ...PURPOSE,
      '## Requirements',
      '### Requirement: A',
      'the system shall do a',
      '#### Scenario: a',
      '- x',
    );
    expect(at(f)).toEqual(['requirement-no-shall@5']);
    expect(f[0]!.severity).toBe('warning');
    // Whole words only: SHALLOW does not count.
    expect(
      at(check(...PURPOSE, '## Requirements', '### Requirement: A', 'SHALLOW', '#### Scenario: a', '- x')),
    ).toEqual(['requirement-no-shall@5']);
    // A SHALL on a wrapped line counts.
    expect(
      check(
        ...PURPOSE,
        '## Requirements',
        '### Requirement: A',
        'The system',
        'SHALL wrap.',
        '#### Scenario: a',
        '- x',
      ),
    ).toEqual([]);
  });

  it('requirement-too-long: info above 500 characters', () => {
    const f = check(
      ...PURPOSE,
      '## Requirements',
      '### Requirement: A',
      `The system SHALL ${'x'.repeat(500)}`,
      '#### Scenario: a',
      '- x',
    );
    expect(at(f)).toEqual(['requirement-too-long@4']);
    expect(f[0]!.severity).toBe('info');
  });

  it('purpose-too-short and purpose-placeholder are warnings', () => {
    expect(at(check('## Purpose', 'Short.', '## Requirements', ...REQ))).toEqual(['purpose-too-short@2']);
    expect(at(check('## Purpose', 'TODO: write this', '## Requirements', ...REQ))).toEqual([
      'purpose-placeholder@2',
    ]);
    expect(at(check('## Purpose', '', 'tbd.', '## Requirements', ...REQ))).toEqual(['purpose-placeholder@3']);
    const generated = 'TBD - created by archiving change add-x. Update Purpose after archive.';
    expect(at(check('## Purpose', generated, '## Requirements', ...REQ))).toEqual(['purpose-placeholder@2']);
    // Spanish prose that merely starts with "Todo" is not a placeholder.
    expect(
      at(
        check(
          '## Purpose',
          'Todo el sistema de autenticación vive aquí, con todas sus reglas.',
          '## Requirements',
          ...REQ,
        ),
      ),
    ).toEqual([]);
  });

  it('delta-header-in-main-spec, requirement-outside-section, duplicate-requirement carry lines', () => {
    const f = check(
      ...PURPOSE,
      '### Requirement: Early',
      '## Requirements',
      ...REQ,
      ...REQ,
      '## ADDED Requirements',
      '### Requirement: Z',
    );
    expect(at(f)).toEqual([
      'requirement-outside-section@3',
      'duplicate-requirement@10',
      'delta-header-in-main-spec@15',
      'requirement-outside-section@16',
    ]);
    expect(f[1]!.related).toEqual([
      { file: 'openspec/specs/x/spec.md', line: 5, message: 'first declared here' },
    ]);
  });

  it('every finding has a hint', () => {
    const f = check('## Requirements', '### Requirement: A', '#### Scenario: a');
    expect(f.length).toBeGreaterThan(0);
    for (const x of f) expect(x.hint).toBeTruthy();
  });
});

describe('header-missing-space', () => {
  it('flags keyword lines without a space after the hashes, outside fences only', () => {
    const f = check(
      ...PURPOSE,
      '## Requirements',
      ...REQ,
      '###Requirement: Hidden',
      '```',
      '####Scenario: fenced',
      '```',
      '#hashtag',
    );
    expect(at(f)).toEqual(['header-missing-space@9']);
    expect(f[0]!.severity).toBe('error');
  });
});

describe('ambiguous-header', () => {
  it('flags headers only one of Markdown and OpenSpec sees', () => {
    const f = check(
      ...PURPOSE,
      '## Requirements',
      ...REQ,
      '  ## Notes',
      '```',
      '    ```',
      '### Requirement: B',
      '```',
    );
    // The view follows OpenSpec, so B is a requirement (and a broken one), as OpenSpec reports it.
    expect(at(f)).toEqual([
      'requirement-no-scenario@12',
      'requirement-no-text@12',
      'ambiguous-header@9',
      'ambiguous-header@12',
    ]);
    expect(f[2]!.message).toContain('OpenSpec does not read it');
    expect(f[3]!.message).toContain('not in rendered Markdown');
  });

  it('follows OpenSpec on section headers with closing #s, and flags them', () => {
    const f = check(...PURPOSE, '## Requirements ##', ...REQ);
    expect(at(f)).toEqual([
      'missing-requirements-section@-',
      'requirement-outside-section@4',
      'ambiguous-header@3',
    ]);
  });

  it('leaves agreeing lines alone, including fenced comments and indented code', () => {
    const f = check(
      ...PURPOSE,
      '## Requirements',
      ...REQ,
      '```sh',
      '# comment',
      '```',
      '    # indented code',
      '- item',
      '    ```',
      '    # in list fence',
      '    ```',
    );
    expect(f).toEqual([]);
  });
});

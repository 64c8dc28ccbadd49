import { describe, expect, it } from 'vitest';
import { checkDelta, parseDeltaSpec } from '../../../src/domain/openspec/index.js';
import { at, md } from './helpers.js';

function check(...lines: string[]) {
  return checkDelta(parseDeltaSpec(md(...lines), 'openspec/changes/c/specs/auth/spec.md'));
}

const OK = (name: string) => [
  `### Requirement: ${name}`,
  `The system SHALL ${name}.`,
  `#### Scenario: ${name}`,
  '- **WHEN** x',
];

describe('delta spec rules', () => {
  it('accepts a well-formed delta', () => {
    expect(
      check(
        '## ADDED Requirements',
        ...OK('A'),
        '## MODIFIED Requirements',
        ...OK('B'),
        '## REMOVED Requirements',
        '- `### Requirement: C`',
        '## RENAMED Requirements',
        '- FROM: `### Requirement: D`',
        '- TO: `### Requirement: E`',
      ),
    ).toEqual([]);
  });

  it('delta-header-case: a section header in another case is read, with a warning naming the usual form', () => {
    const f = check('## Added Requirements', ...OK('A'), '## removed requirements', '- `### Requirement: C`');
    expect(at(f)).toEqual(['delta-header-case@1', 'delta-header-case@6']);
    expect(f.map((x) => x.severity)).toEqual(['warning', 'warning']);
    expect(f[0]!.message).toBe(
      '"## Added Requirements" is read as "## ADDED Requirements"; write it as OpenSpec expects, "## ADDED Requirements"',
    );
    expect(f[1]!.hint).toContain('"## REMOVED Requirements"');
  });

  it('delta-no-sections and delta-empty-sections', () => {
    expect(at(check('# Notes', 'text'))).toEqual(['delta-no-sections@-']);
    const f = check('## ADDED Requirements', 'later', '## REMOVED Requirements');
    expect(at(f)).toEqual(['delta-empty-sections@1']);
    expect(f[0]!.message).toContain('## ADDED Requirements, ## REMOVED Requirements');
  });

  it('ADDED/MODIFIED need text and a scenario; SHALL/MUST missing is a warning', () => {
    const f = check(
      '## ADDED Requirements',
      '### Requirement: NoScenario',
      'It SHALL.',
      '### Requirement: NoText',
      '#### Scenario: s',
      '- x',
      '## MODIFIED Requirements',
      '### Requirement: Weak',
      'it should',
      '#### Scenario: s',
      '- x',
    );
    expect(at(f)).toEqual(['requirement-no-scenario@2', 'requirement-no-text@4', 'requirement-no-shall@9']);
    expect(f.map((x) => x.severity)).toEqual(['error', 'error', 'warning']);
    expect(f[0]!.message).toBe('ADDED "NoScenario" must include at least one scenario');
    expect(f[2]!.message).toContain('MODIFIED "Weak"');
  });

  it('duplicate-requirement within ADDED, MODIFIED, REMOVED and RENAMED FROM/TO', () => {
    const f = check(
      '## ADDED Requirements',
      ...OK('A'),
      ...OK('A'),
      '## REMOVED Requirements',
      '- `### Requirement: R`',
      '- `### Requirement: R`',
      '## RENAMED Requirements',
      '- FROM: `### Requirement: F`',
      '- TO: `### Requirement: T`',
      '- FROM: `### Requirement: F`',
      '- TO: `### Requirement: T`',
    );
    expect(at(f)).toEqual([
      'duplicate-requirement@6',
      'duplicate-requirement@12',
      'duplicate-requirement@16',
      'duplicate-requirement@17',
    ]);
    expect(f.map((x) => x.message)).toEqual([
      'Duplicate requirement in ADDED: "A"',
      'Duplicate requirement in REMOVED: "R"',
      'Duplicate FROM in RENAMED: "F"',
      'Duplicate TO in RENAMED: "T"',
    ]);
    expect(f[0]!.related?.[0]?.line).toBe(2);
  });

  it('delta-conflict across sections and with renames', () => {
    const f = check(
      '## ADDED Requirements',
      ...OK('A'),
      ...OK('New'),
      '## MODIFIED Requirements',
      ...OK('A'),
      ...OK('Old'),
      '## REMOVED Requirements',
      '- `### Requirement: A`',
      '- `### Requirement: old name`',
      '## RENAMED Requirements',
      '- FROM: `### Requirement: Old`',
      '- TO: `### Requirement: New`',
      '- FROM: `### Requirement: Old Name`',
      '- TO: `### Requirement: Newer`',
    );
    expect(f.map((x) => x.message)).toEqual([
      'Requirement present in both MODIFIED and REMOVED: "A"',
      'Requirement present in both MODIFIED and ADDED: "A"',
      'Requirement present in both ADDED and REMOVED: "A"',
      'MODIFIED references the old name "Old" from RENAMED; use the new header "New"',
      'RENAMED TO collides with ADDED for "New"',
      'Requirement present in both RENAMED and REMOVED: "Old Name" (REMOVED spells it "old name")',
    ]);
    expect(f.every((x) => x.code === 'openspec/delta-conflict' && x.line !== undefined)).toBe(true);
  });

  it('rename-unpaired is an error on the line of the lonely FROM/TO', () => {
    const f = check(
      '## RENAMED Requirements',
      '- FROM: `### Requirement: A`',
      '',
      '- TO: `### Requirement: B`',
      '- TO: `### Requirement: C`',
    );
    expect(at(f)).toEqual(['rename-unpaired@5']);
    expect(f[0]!.message).toBe('RENAMED TO: "C" has no matching FROM: line');
  });

  it('requirement-outside-delta is a warning; delta-skipped-header an info', () => {
    const f = check('### Requirement: Top', 'x', '## ADDED Requirements', '### Documentation', ...OK('A'));
    expect(at(f)).toEqual(['delta-skipped-header@4', 'requirement-outside-delta@1']);
    expect(f.map((x) => x.severity)).toEqual(['info', 'warning']);
  });
});

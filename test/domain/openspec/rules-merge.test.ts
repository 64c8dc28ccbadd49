import { describe, expect, it } from 'vitest';
import { checkMerge, parseDeltaSpec, parseOpenSpecSpec } from '../../../src/domain/openspec/index.js';
import { at, GOOD_SPEC, md } from './helpers.js';

const TARGET = 'openspec/specs/auth/spec.md';

function merge(delta: string, target: string | null = GOOD_SPEC, retire = false) {
  return checkMerge({
    delta: parseDeltaSpec(delta, 'openspec/changes/c/specs/auth/spec.md'),
    capability: 'auth',
    target: target === null ? null : parseOpenSpecSpec(target, TARGET),
    targetFile: TARGET,
    retire,
  });
}

const LOGIN_FULL = [
  '### Requirement: Login',
  'The system SHALL let a user log in, now with passkeys.',
  '#### Scenario: Valid password',
  '- x',
  '#### Scenario: Wrong password',
  '- x',
];

describe('merge rules (delta against the main spec)', () => {
  it('accepts a delta that applies cleanly', () => {
    const d = md(
      '## MODIFIED Requirements',
      ...LOGIN_FULL,
      '#### Scenario: Passkey',
      '- x',
      '## RENAMED Requirements',
      '- FROM: `### Requirement: Logout`',
      '- TO: `### Requirement: Sign out`',
      '## ADDED Requirements',
      '### Requirement: Audit',
      'It SHALL.',
    );
    expect(merge(d)).toEqual([]);
  });

  it('modified-drops-scenario names the dropped and the new scenarios', () => {
    const f = merge(
      md(
        '## MODIFIED Requirements',
        '### Requirement: Login',
        'It SHALL.',
        '#### Scenario: Valid password',
        '- x',
        '#### Scenario: Passkey',
        '- x',
      ),
    );
    expect(at(f)).toEqual(['modified-drops-scenario@2']);
    expect(f[0]!.message).toContain('"Wrong password"');
    expect(f[0]!.message).toContain('adds "Passkey"');
    expect(f[0]!.related?.[0]).toMatchObject({ file: TARGET, line: 7 });
  });

  it('follows a rename when checking a MODIFIED for dropped scenarios', () => {
    const d = md(
      '## RENAMED Requirements',
      '- FROM: `### Requirement: Login`',
      '- TO: `### Requirement: Sign in`',
      '## MODIFIED Requirements',
      '### Requirement: Sign in',
      'It SHALL.',
      '#### Scenario: Valid password',
      '- x',
    );
    expect(at(merge(d))).toEqual(['modified-drops-scenario@5']);
  });

  it('delta-target-missing: MODIFIED, REMOVED and RENAMED FROM must exist, with near-miss hints', () => {
    const f = merge(
      md(
        '## MODIFIED Requirements',
        '### Requirement: Nope',
        'It SHALL.',
        '## REMOVED Requirements',
        '- `### Requirement: logout`',
        '## RENAMED Requirements',
        '- FROM: `### Requirement: Ghost`',
        '- TO: `### Requirement: Spirit`',
      ),
    );
    expect(at(f)).toEqual(['delta-target-missing@7', 'delta-target-missing@5', 'delta-target-missing@2']);
    expect(f.every((x) => x.severity === 'error')).toBe(true);
    expect(f[1]!.message).toContain('"### Requirement: Logout" exists');
  });

  it('delta-target-missing: anything but ADDED against a spec that does not exist', () => {
    const d = md(
      '## ADDED Requirements',
      '### Requirement: New',
      'It SHALL.',
      '## MODIFIED Requirements',
      '### Requirement: X',
      'It SHALL.',
    );
    const f = merge(d, null);
    expect(at(f)).toEqual(['delta-target-missing@5']);
    expect(f[0]!.message).toContain('does not exist');
    expect(merge(md('## ADDED Requirements', '### Requirement: New', 'It SHALL.'), null)).toEqual([]);
  });

  it('rename-target-exists and added-exists, including case/space variants', () => {
    const f = merge(
      md(
        '## RENAMED Requirements',
        '- FROM: `### Requirement: Login`',
        '- TO: `### Requirement: logout`',
        '## ADDED Requirements',
        '### Requirement: Logout',
        'Different SHALL.',
      ),
    );
    expect(at(f)).toEqual(['rename-target-exists@3', 'added-exists@5']);
  });

  it('an ADDED identical to the existing block is an early sync, not a clash', () => {
    const block = GOOD_SPEC.split('\n').slice(17, 23).join('\n');
    expect(merge(md('## ADDED Requirements', block))).toEqual([]);
  });

  it('removes-all-requirements unless the change retires the capability', () => {
    const d = md('## REMOVED Requirements', '- `### Requirement: Login`', '- `### Requirement: Logout`');
    expect(at(merge(d))).toEqual(['removes-all-requirements@1']);
    expect(merge(d, GOOD_SPEC, true)).toEqual([]);
  });

  it('delta-target-invalid and delta-purpose-ignored are infos', () => {
    const broken = md(
      '## Purpose',
      'P',
      '## Requirements',
      '### Requirement: A',
      'x',
      '### Requirement: A',
      'y',
    );
    const f = merge(
      md('## Purpose', 'Other', '## ADDED Requirements', '### Requirement: B', 'It SHALL.'),
      broken,
    );
    expect(at(f)).toEqual(['delta-target-invalid@3', 'delta-purpose-ignored@1']);
    expect(f.every((x) => x.severity === 'info')).toBe(true);
  });

  it('does not pile merge errors on entries the delta itself contradicts', () => {
    const d = md(
      '## MODIFIED Requirements',
      ...LOGIN_FULL,
      '## REMOVED Requirements',
      '- `### Requirement: Login`',
      '- `### Requirement: Logout`',
      '- `### Requirement: Logout`',
    );
    expect(merge(d)).toEqual([]);
  });
});

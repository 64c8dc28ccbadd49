import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's corpus generator is plain JavaScript without types.
import { generateCorpus } from '../../../bench/gen-openspec-corpus.mjs';
import { isCleanMainSpec } from '../../../src/domain/openspec/clean-spec.js';
import { checkMainSpec, parseOpenSpecSpec } from '../../../src/domain/openspec/index.js';

const findings = (src: string) => checkMainSpec(parseOpenSpecSpec(src, 'spec.md'));

const CLEAN = `# Runner Specification

## Purpose
Runners execute the jobs of a pipeline on machines the team controls, with logs kept.

## Requirements

### Requirement: Job Dispatch
The system SHALL dispatch each queued job to an idle runner.

#### Scenario: Idle runner available
- **GIVEN** an idle runner
- **WHEN** a job is queued
- **THEN** the job starts on that runner

#### Scenario: No runner
- **WHEN** no runner is idle
- **THEN** the job waits

### Requirement: Log Retention
Logs MUST be kept for \`30\` days.
  Continued on an indented line.

#### Scenario: Expiry
- **WHEN** a log is 31 days old
- **THEN** it is deleted
`;

describe('isCleanMainSpec', () => {
  it('recognises a clean spec in the usual shape', () => {
    expect(findings(CLEAN)).toEqual([]);
    expect(isCleanMainSpec(CLEAN)).toBe(true);
    expect(isCleanMainSpec(`Preamble.\n\n${CLEAN.replace('# Runner Specification\n', '')}`)).toBe(true);
  });

  // Each edit makes the full checker report something, or leaves a shape the quick check does not
  // claim to know: either way the answer must be "not sure".
  const unsure: [string, (s: string) => string][] = [
    ['a short Purpose', (s) => s.replace(/Runners execute.*\n/, 'Runners run jobs.\n')],
    ['a TBD Purpose', (s) => s.replace('Runners execute', 'TBD: runners execute')],
    [
      'the Purpose archive writes',
      (s) =>
        s.replace(
          /Runners execute.*\n/,
          'TBD - created by archiving change add-runners. Update Purpose after archive.\n',
        ),
    ],
    ['no Purpose', (s) => s.replace(/## Purpose\n.*\n/, '')],
    ['no Requirements section', (s) => s.replace('## Requirements', '## Details')],
    ['a requirement without SHALL or MUST', (s) => s.replace('SHALL dispatch', 'dispatches')],
    ['SHALL only inside a word', (s) => s.replace('SHALL dispatch', 'SHALLOW dispatch')],
    ['SHALL only at the end of a word', (s) => s.replace('SHALL dispatch', 'UNSHALL dispatch')],
    ['shall in lower case', (s) => s.replace('SHALL dispatch', 'shall dispatch')],
    [
      'no requirement text',
      (s) => s.replace('The system SHALL dispatch each queued job to an idle runner.\n', ''),
    ],
    [
      'requirement text over 500 characters',
      (s) => s.replace('idle runner.', `idle runner${' really'.repeat(80)}.`),
    ],
    ['a scenario without a body', (s) => s.replace(/(#### Scenario: Expiry\n)[^#]*/, '$1\n')],
    ['no scenario', (s) => s.replace(/#### Scenario: Expiry\n[^#]*/, '')],
    ['a duplicate requirement', (s) => s.replace('Requirement: Log Retention', 'Requirement: Job Dispatch')],
    [
      'a requirement before Requirements',
      (s) => s.replace('## Purpose', '### Requirement: Early\nx SHALL y\n\n## Purpose'),
    ],
    ['a delta header', (s) => `${s}\n## ADDED Requirements\n`],
    ['a header without its space', (s) => s.replace('#### Scenario: No runner', '####Scenario: No runner')],
    ['closing hashes', (s) => s.replace('## Requirements', '## Requirements ##')],
    ['an indented header', (s) => s.replace('#### Scenario: No runner', '  #### Scenario: No runner')],
    ['a fence', (s) => s.replace('Logs MUST', '```\n### Requirement: In a fence\n```\nLogs MUST')],
    ['a metadata line', (s) => s.replace('Logs MUST', '**ID**: REQ-2\nLogs MUST')],
    ['CRLF line ends', (s) => s.replace(/\n/g, '\r\n')],
    ['a byte-order mark', (s) => `\uFEFF${s}`],
    ['a title called Purpose', (s) => s.replace('# Runner Specification', '# Purpose')],
    ['a level-5 header', (s) => s.replace('#### Scenario: Expiry', '##### Scenario: Expiry')],
    ['a name ending in a no-break space', (s) => s.replace('Job Dispatch', 'Job Dispatch\u00a0')],
  ];
  for (const [what, edit] of unsure) {
    it(`is not sure about ${what}`, () => {
      const src = edit(CLEAN);
      expect(src).not.toBe(CLEAN);
      expect(isCleanMainSpec(src)).toBe(false);
    });
  }

  it('takes every main spec of the benchmark corpus', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pt-clean-'));
    try {
      generateCorpus({ out: dir, specs: 40, changes: 4, archived: 4, reqs: 5, scenarios: 2, seed: 7 });
      const specs = join(dir, 'openspec', 'specs');
      for (const name of readdirSync(specs)) {
        const src = readFileSync(join(specs, name, 'spec.md'), 'utf8');
        expect(findings(src)).toEqual([]);
        expect(isCleanMainSpec(src)).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------
// The property that makes the shortcut safe: whenever it says clean, the full parser and rules
// report nothing. Specs are built near the clean shape (each part usually right, sometimes bent),
// so both answers come up often.

const often = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: good, weight: 15 }, { arbitrary: bad, weight: 1 });
const WORD = often(
  fc.constantFrom('job', 'runner', 'queue', 'log', 'caf\u00e9', 'a`b`'),
  fc.constantFrom(
    'Todo',
    'TBD',
    'SHALL',
    'MUST',
    'SHALLOW',
    'NOMUST',
    'shall',
    '\u00a0',
    '#',
    '\u2028',
    '```',
  ),
);
const words = (min: number, max: number) =>
  fc.array(WORD, { minLength: min, maxLength: max }).map((w) => w.join(' '));
const NAME = often(
  fc.constantFrom('Dispatch', 'Logs', 'Caf\u00e9', 'x', 'Retry (with back-off)'),
  fc.constantFrom('Logs ', 'Logs #', 'A\u2028B', ' Lead', '', '\u00a0x', 'Purpose', 'Requirements'),
);
const BODY_LINE = often(
  fc.constantFrom('The system SHALL work.', 'It MUST hold.', '  indented SHALL text', '`code` SHALL run', ''),
  fc.oneof(
    fc.constantFrom(
      'It SHALLOW holds.',
      '**ID**: REQ-1',
      '\t',
      '``` ',
      '~~~',
      '  # not a header',
      '\u00a0',
      'x'.repeat(300),
    ),
    words(0, 8),
  ),
);
const SCENARIO = fc.record({
  name: NAME,
  level: often(fc.constant(4), fc.constantFrom(3, 5)),
  lines: fc.array(
    often(
      fc.constantFrom('- **WHEN** x', '- **THEN** y'),
      fc.constantFrom('', ' ', '```', '#### Scenario: inner'),
    ),
    { maxLength: 3 },
  ),
});
const REQUIREMENT = fc.record({
  header: often(
    fc.constant('### Requirement: '),
    fc.constantFrom(
      '### requirement: ',
      '###Requirement: ',
      '### Requirement:',
      '#### Requirement: ',
      '### Requirement:  ',
    ),
  ),
  name: NAME,
  body: fc.array(BODY_LINE, { minLength: 1, maxLength: 3 }),
  scenarios: fc.array(SCENARIO, { minLength: 1, maxLength: 3 }),
});
const LONG_PURPOSE = 'Runners execute the jobs of a pipeline on machines the team controls.';
const SPEC = fc.record({
  preamble: often(fc.constantFrom('', 'Intro.\n'), fc.constantFrom('---\nx: y\n---\n', '  # Indented\n')),
  title: often(
    fc.constantFrom('', '# Spec\n'),
    fc.constantFrom('# Purpose\n', '# requirements\n', '# Spec #\n'),
  ),
  purposeHeader: often(
    fc.constant('## Purpose'),
    fc.constantFrom('## purpose', '### Purpose', '## Purpose #', '##  Purpose'),
  ),
  purpose: often(
    fc.oneof(fc.constant(LONG_PURPOSE), words(12, 20)),
    fc.oneof(
      words(0, 6),
      fc.constantFrom('TBD - created by archiving change x. Update Purpose after archive.'),
    ),
  ),
  requirementsHeader: often(
    fc.constant('## Requirements'),
    fc.constantFrom('# Requirements', '## Requirements ##', '## ADDED Requirements', '### Requirements'),
  ),
  requirements: fc.array(REQUIREMENT, { minLength: 1, maxLength: 4 }),
  tail: often(
    fc.constant(''),
    fc.constantFrom('## Notes\n', '## ADDED Requirements\n', '### Requirement: Late\nx SHALL y\n'),
  ),
  eol: often(fc.constant('\n'), fc.constant('\r\n')),
});

type Spec = typeof SPEC extends fc.Arbitrary<infer T> ? T : never;

function render(s: Spec): string {
  const out: string[] = [s.preamble + s.title + s.purposeHeader, s.purpose, '', s.requirementsHeader, ''];
  for (const r of s.requirements) {
    out.push(r.header + r.name, ...r.body, '');
    for (const c of r.scenarios) out.push(`${'#'.repeat(c.level)} Scenario: ${c.name}`, ...c.lines, '');
  }
  out.push(s.tail);
  return out.join('\n').replace(/\n/g, s.eol);
}

describe('isCleanMainSpec against the full parser', () => {
  it('says clean only where checkMainSpec finds nothing', () => {
    let clean = 0;
    let total = 0;
    fc.assert(
      fc.property(SPEC, (s) => {
        const src = render(s);
        total++;
        if (!isCleanMainSpec(src)) return;
        clean++;
        expect(findings(src)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    // The property is only worth something when both answers come up often.
    expect(clean).toBeGreaterThan(total * 0.1);
    expect(clean).toBeLessThan(total * 0.9);
  });
});

import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src/base/index.js';
import {
  buildTarget,
  compilePattern,
  evaluateRule,
  matchesGlob,
  parseRuleFile,
  type Rule,
} from '../../../src/domain/governance/index.js';

const rule = (yaml: string, body = '# R: Title\n\nWhy.\n'): Rule => {
  const r = parseRuleFile(`---\n${yaml}\n---\n\n${body}`, '.agent/rules/r.md');
  if (r.kind !== 'rule') throw new Error(`not a rule: ${JSON.stringify(r)}`);
  return r.rule;
};

const RUNBOOK = `# STORY-1: Runner pool

Status: PROPOSED

## Goal Description
Scale the pool.

## Proposed Changes
### infra
#### [NEW] [pool.tf](infra/pool.tf)
- INFRA-472: the scale set.
#### [MODIFY] [main.go](cmd/main.go)
- wire it up.

## Verification Plan
- [ ] **Scale up**: test it with \`make test\`

## Panel Findings
- rollback INFRA-999 password=hunter2abc1
`;
const target = () => buildTarget('runbook', 'rb.md', RUNBOOK, /^panel findings$/i);

describe('rule files', () => {
  it('reads a rule: id, role (case and @ forgiven), severity synonyms, when, checks and prose', () => {
    const r = rule(
      `id: COMP-001\nrole: "@compliance"\nseverity: error\nwhen:\n  paths: infra/**\n  text: "(?i)pool"\nrequire:\n  - pattern: '[A-Z]+-\\d+'\n    in: each-change\n  - no-secrets: true`,
      '# COMP-001: Title\n\nWhy.\n',
    );
    expect(r).toMatchObject({
      id: 'COMP-001',
      role: 'Compliance',
      severity: 'blocking',
      title: 'Title',
      appliesTo: ['runbook'],
      when: { paths: ['infra/**'] },
      prose: '# COMP-001: Title\n\nWhy.',
      line: 2,
    });
    expect(r.require.map((c) => c.kind)).toEqual(['pattern', 'no-secrets']);
  });

  it('treats Cursor-style and plain files as prose, never as passing checks', () => {
    expect(
      parseRuleFile('---\ndescription: x\nglobs: ["*.py"]\nalwaysApply: true\n---\n# Env\n', 'a.mdc'),
    ).toEqual({
      kind: 'prose',
      file: 'a.mdc',
      title: 'Env',
    });
    expect(parseRuleFile('# ADR-001: Use Go\n', 'adr.md').kind).toBe('prose');
  });

  it.each([
    ['frontmatter YAML', 'id: X\nrole: QA\nrequire: [', 5, /does not parse/],
    ['an unknown role', 'id: X\nrole: Tester\nrequire:\n  - section: A', 3, /"role" must be one of Security/],
    [
      'an unknown key',
      'id: X\nrole: QA\nrequire:\n  - section: A\nseverity: blocking\nfoo: 1',
      7,
      /unknown field "foo"/,
    ],
    [
      'a bad regex',
      "id: X\nrole: QA\nrequire:\n  - pattern: '(unclosed'",
      5,
      /not a valid regular expression/,
    ],
    [
      'two checks in one entry',
      'id: X\nrole: QA\nrequire:\n  - section: A\n    pattern: b',
      5,
      /one check per entry/,
    ],
    ['no require', 'id: X\nrole: QA', 2, /"require" is required/],
    // A single check (not a list) with a key that is not a check names that key.
    ['an unknown check', 'id: X\nrole: QA\nrequire:\n  text: /metrics/', 5, /unknown field "require.0.text"/],
  ])('reports %s with its file, line and column', (_what, yaml, line, message) => {
    const r = parseRuleFile(`---\n${yaml}\n---\n`, '.agent/rules/bad.md');
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.error.file).toBe('.agent/rules/bad.md');
    expect(r.error.line).toBe(line);
    expect(r.error.column).toBeGreaterThanOrEqual(1);
    expect(r.error.message).toMatch(message);
  });
});

describe('rule checks on a runbook', () => {
  it('each-change pattern: a change without a ticket is a finding at its line; the panel section is not read', () => {
    const r = rule(
      "id: C\nrole: Compliance\nrequire:\n  - pattern: '[A-Z][A-Z0-9]+-\\d+'\n    in: each-change",
    );
    const f = evaluateRule(r, target());
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'C', role: 'Compliance', severity: 'blocking', line: 12 });
    expect(f[0]!.message).toContain('change MODIFY cmd/main.go');
  });

  it('when.paths gates a rule; step looks at list items only', () => {
    const rollback = rule(
      'id: A\nrole: Architect\nwhen:\n  paths: ["infra/**"]\nrequire:\n  - step: /rollback/i',
    );
    expect(evaluateRule(rollback, target())).toHaveLength(1); // "rollback" appears only in Panel Findings
    const elsewhere = rule(
      'id: A\nrole: Architect\nwhen:\n  paths: ["k8s/**"]\nrequire:\n  - step: /rollback/i',
    );
    expect(evaluateRule(elsewhere, target())).toEqual([]);
    const fixed = buildTarget(
      'runbook',
      'rb.md',
      RUNBOOK.replace('- wire it up.', '- Rollback: revert the PR.'),
    );
    expect(evaluateRule(rollback, fixed)).toEqual([]);
  });

  it('section, absent and no-secrets', () => {
    const sec = rule(
      'id: D\nrole: Docs\nrequire:\n  - section: Rollback Plan\n  - section: Goal Description',
    );
    expect(evaluateRule(sec, target()).map((f) => f.message)).toEqual(['section "Rollback Plan" is missing']);
    const absent = rule(
      'id: S\nrole: Security\nseverity: advisory\nrequire:\n  - absent: /TODO/\n    in: Proposed Changes',
    );
    expect(evaluateRule(absent, target())).toEqual([]);
    const todo = buildTarget('runbook', 'rb.md', RUNBOOK.replace('- wire it up.', '- TODO wire it up.'));
    expect(evaluateRule(absent, todo)[0]).toMatchObject({ severity: 'advisory', line: 13, column: 3 });
    const secrets = rule('id: S\nrole: Security\nrequire:\n  - no-secrets: true');
    // Rules never read the panel's own sections, but a secret there still leaks: no-secrets reads them.
    expect(evaluateRule(secrets, target())).toMatchObject([{ line: 19, column: 22 }]);
    const inPanel = rule('id: S\nrole: Security\nrequire:\n  - no-secrets: true\n    in: Panel Findings');
    expect(evaluateRule(inPanel, target())).toMatchObject([{ line: 19, column: 22 }]);
    const leaked = buildTarget(
      'runbook',
      'rb.md',
      RUNBOOK.replace('wire it up.', 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB'),
    );
    expect(evaluateRule(secrets, leaked)[0]).toMatchObject({ line: 13 });
  });

  it('applies-to keeps a runbook rule off stories', () => {
    const r = rule('id: Q\nrole: QA\napplies-to: story\nrequire:\n  - section: Nope');
    expect(evaluateRule(r, target())).toEqual([]);
    expect(evaluateRule(r, buildTarget('story', 's.md', '# S: x\n'))).toHaveLength(1);
  });
});

describe('patterns, globs and secrets', () => {
  it('compiles plain, slashed and (?i) regexes', () => {
    expect(compilePattern('/abc/i').test('ABC')).toBe(true);
    expect(compilePattern('(?i)abc').test('xAbC')).toBe(true);
    expect(compilePattern('abc').test('ABC')).toBe(false);
    expect(() => compilePattern('/a/g')).toThrow(/unsupported flag/);
  });

  it('matches globs', () => {
    expect(matchesGlob('infra/a/b.tf', 'infra/**')).toBe(true);
    expect(matchesGlob('infra/a.tf', 'infra/*.tf')).toBe(true);
    expect(matchesGlob('infra/a/b.tf', 'infra/*.tf')).toBe(false);
    expect(matchesGlob('svc/Dockerfile', '**/Dockerfile')).toBe(true);
    expect(matchesGlob('Dockerfile', '**/Dockerfile')).toBe(true);
    expect(matchesGlob('src/x.ts', 'src/*.{ts,js}')).toBe(true);
    expect(matchesGlob('infra/x', 'infra/')).toBe(true);
  });

  it('finds secret-looking strings but not placeholders', () => {
    expect(findSecrets('key AKIAABCDEFGHIJKLMNOP here')[0]?.name).toBe('AWS access key ID');
    expect(findSecrets('-----BEGIN RSA PRIVATE KEY-----')[0]?.name).toBe('private key');
    expect(findSecrets('postgres://app:s3cretpw@db/x')[0]?.name).toBe('credentials in a URL');
    expect(findSecrets('password: hunter2abc1')[0]?.name).toContain('password');
    expect(findSecrets(`password: \${DB_PASSWORD}`)).toEqual([]);
    expect(findSecrets('api_key = <your-key-here>')).toEqual([]);
    expect(findSecrets('the token is rotated daily')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  buildTarget,
  checkConstitution,
  parseConstitution,
  parseRuleFile,
  type Rule,
  renderGateTable,
} from '../../../src/domain/governance/index.js';

const CONSTITUTION = `# Platform Constitution

## Core Principles

### Article I: JIRA-First
Every plan and runbook links a JIRA ticket.

\`\`\`yaml papertrail
applies-to: [plan, runbook]
require:
  - pattern: '\\b(?!(?:SPEC|REQ)-)[A-Z][A-Z0-9]+-\\d+\\b'
\`\`\`

### Article II (Monitoring)
**Enforced by:** OBS-001

### III. Test-First (NON-NEGOTIABLE)
Tests come first.

## Governance

**Version**: 2.1.1 | **Ratified**: 2025-06-13 | **Last Amended**: 2025-09-01
`;

const obs = parseRuleFile(
  '---\nid: OBS-001\nrole: Observability\napplies-to: [plan]\nrequire:\n  - pattern: /\\/metrics/\n---\n',
  '.agent/rules/obs.md',
);
const rules = { rules: obs.kind === 'rule' ? [obs.rule as Rule] : [], prose: [], errors: [], files: 1 };

describe('constitution', () => {
  it('reads numbered articles in Spec Kit and PAWS360 styles, their checks and the version', () => {
    const c = parseConstitution(CONSTITUTION, '.papertrail/constitution.md');
    expect(c.version).toBe('2.1.1');
    expect(c.warnings).toEqual([]);
    expect(c.articles.map((a) => [a.number, a.title, a.rules.length, a.enforcedBy.map((e) => e.id)])).toEqual(
      [
        ['I', 'JIRA-First', 1, []],
        ['II', 'Monitoring', 0, ['OBS-001']],
        ['III', 'Test-First (NON-NEGOTIABLE)', 0, []],
      ],
    );
  });

  it('prints the gate table: VIOLATION with the article and reason, PASS, NOT CHECKED', () => {
    const c = parseConstitution(CONSTITUTION, '.papertrail/constitution.md');
    const plan = buildTarget(
      'plan',
      'specs/001-deploy/plan.md',
      '# Plan\n\n**JIRA**: none yet\n\nExpose /metrics.\n',
    );
    const g = checkConstitution(c, rules, [plan]);
    expect(g.rows.map((r) => [r.article, r.status])).toEqual([
      ['I', 'VIOLATION'],
      ['II', 'PASS'],
      ['III', 'NOT CHECKED'],
    ]);
    expect(g.rows[0]!.reason).toBe(
      'specs/001-deploy/plan.md:1: the plan has nothing matching \\b(?!(?:SPEC|REQ)-)[A-Z][A-Z0-9]+-\\d+\\b',
    );
    const table = renderGateTable(g);
    expect(table).toContain(
      '## Constitution Check: Platform Constitution v2.1.1 (.papertrail/constitution.md)',
    );
    expect(table).toContain('| I | JIRA-First | VIOLATION | specs/001-deploy/plan.md:1: ');
    expect(table).toContain('| II | Monitoring | PASS | 1 document checked |');
    expect(table).toContain('Gate: FAIL — 1 violation (Article I) across 1 document.');
    const fixed = buildTarget(
      'plan',
      'specs/001-deploy/plan.md',
      '# Plan\n\n**JIRA**: INFRA-472\n\nExpose /metrics.\n',
    );
    expect(checkConstitution(c, rules, [fixed]).violations).toBe(0);
  });

  it('a broken check block or a missing rule is a violation with its location; a missing version a warning', () => {
    const broken = CONSTITUTION.replace("  - pattern: '", "  - pattern: '(").replace(
      '**Version**: 2.1.1',
      '',
    );
    const c = parseConstitution(broken, 'c.md');
    expect(c.articles[0]!.errors[0]).toMatchObject({ file: 'c.md', line: 11 });
    expect(c.warnings[0]!.message).toMatch(/no version/);
    const g = checkConstitution(c, { rules: [], prose: [], errors: [], files: 0 }, []);
    expect(g.rows[0]).toMatchObject({ status: 'VIOLATION' });
    expect(g.rows[0]!.reason).toMatch(
      /c\.md:11:\d+: "require\.0\.pattern" is not a valid regular expression/,
    );
    expect(g.rows[1]!.reason).toBe(
      "the article's check cannot run: rule OBS-001 (Enforced by, line 15) does not exist",
    );
  });
});

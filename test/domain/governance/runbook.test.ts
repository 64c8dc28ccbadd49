import { describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/index.js';
import {
  parseRunbook,
  parseStoryFile,
  type RunbookFacts,
  renderFindings,
  renderRunbook,
  runPanel,
  spliceAccept,
  spliceReview,
} from '../../../src/domain/governance/index.js';

const STORY = `# WEB-12: Export invoices

## State

COMMITTED

## Problem Statement

Finance exports invoices by hand.

## User Story

As an accountant, I want a CSV export so that I can reconcile.

## Acceptance Criteria

- [ ] **Export all**: Given invoices, When I export, Then a CSV downloads.
- [ ] **Empty month**: Given no invoices, When I export, Then the CSV has only a header.

## Impact Analysis Summary

Components touched: \`src/export/csv.ts\`, \`src/routes.ts\`

## Rollback Plan

Revert the PR; no data migrates.
`;

const facts: RunbookFacts = {
  testCommand: 'npm test',
  techStack: ['Node.js >=20 (package.json)'],
  standards: [],
  spec: null,
  ci: ['.github/workflows/ci.yml'],
  iac: [],
  docs: ['README.md'],
  topLevel: ['src'],
  rules: [],
};

const story = parseStoryFile(STORY, '.agent/cache/stories/WEB/WEB-12.md', 'WEB', 'WEB-12');
const fresh = () =>
  renderRunbook(
    story,
    [
      { component: 'src', action: 'MODIFY', path: 'src/routes.ts', description: 'Route /export.' },
      { component: 'src', action: 'NEW', path: 'src/export/csv.ts', description: 'The CSV writer.' },
    ],
    facts,
  );

function invalid(source: string): { message: string; line?: number; column?: number } {
  try {
    parseRunbook(source, 'rb.md');
  } catch (e) {
    if (isPtError(e) && e.code === 'runbook/invalid')
      return { message: e.message, line: e.location?.line, column: e.location?.column };
    throw e;
  }
  throw new Error('expected runbook/invalid');
}

describe('story files', () => {
  it('reads the agentic-dev story template', () => {
    expect(story).toMatchObject({
      id: 'WEB-12',
      scope: 'WEB',
      title: 'Export invoices',
      state: 'COMMITTED',
      scenarios: [
        { name: 'Export all', text: 'Given invoices, When I export, Then a CSV downloads.' },
        { name: 'Empty month', text: 'Given no invoices, When I export, Then the CSV has only a header.' },
      ],
      rollback: ['Revert the PR; no data migrates.'],
    });
    expect(story.paths.map((p) => p.path)).toEqual(['src/export/csv.ts', 'src/routes.ts']);
  });
});

describe('runbook new (render)', () => {
  it("writes seed 004's structure, in order, then the sections its purpose asks for", () => {
    const rb = fresh();
    expect(
      rb.startsWith('# WEB-12: Export invoices\n\nStatus: PROPOSED\n\n## Goal Description\nFinance exports'),
    ).toBe(true);
    expect(rb).toContain(
      '## Compliance Checklist\n- [ ] @Security approved?\n- [ ] @Architect approved?\n- [ ] @QA approved?\n- [ ] @Docs approved?\n- [ ] @Compliance approved?\n- [ ] @Observability approved?\n',
    );
    expect(rb).toContain(
      '## Proposed Changes\n### src\n#### [MODIFY] [routes.ts](src/routes.ts)\n- Route /export.\n#### [NEW] [csv.ts](src/export/csv.ts)',
    );
    expect(rb).toContain('## Verification Plan\n- [ ] **Export all**: Given invoices');
    expect(rb).toContain('— an automated test, run with `npm test`');
    const order = [
      '## Goal Description',
      '## Compliance Checklist',
      '## Proposed Changes',
      '## Verification Plan',
      '## Component Specification & Interface',
      '### API Definition',
      '### Data Models',
      '### Dependency Injection',
      '### State Management',
      '## Implementation Guardrails',
      '### Tech Stack Standards',
      '### Error Handling Strategy',
      '### Security Requirements',
      '## Logic & Design Patterns',
      '## Quality & Observability',
      '### Metrics & Health Checks',
      '## Deployment & Lifecycle',
      '### CI/CD Pipeline',
      '### Infrastructure as Code',
      '### Documentation',
    ].map((h) => rb.indexOf(`${h}\n`));
    expect(order.every((x, i) => x > 0 && (i === 0 || x > order[i - 1]!))).toBe(true);
    expect(fresh()).toBe(rb); // deterministic
  });
});

describe('review and accept splice the file', () => {
  it('ticks approved roles, writes Panel Findings and keeps every other byte (CRLF too)', () => {
    const edited = fresh()
      .replace('### Idempotency\n', '### Idempotency\nTeam: retries reuse the export id.\n')
      .replace(/\n/g, '\r\n');
    const rb = parseRunbook(edited, 'rb.md');
    expect(rb.status).toBe('PROPOSED');
    const panel = runPanel(
      rb,
      { rules: [], prose: [], errors: [], files: 0 },
      {
        story,
        exists: (p) => p === 'src/routes.ts',
      },
    );
    expect(panel.findings).toEqual([]);
    const out = spliceReview(
      rb,
      new Map(panel.roles.map((r) => [r.role, r.approved])),
      renderFindings(panel, 'rb.md', '2026-01-15'),
    );
    expect(out).toContain('- [x] @Security approved?\r\n');
    expect(out).toContain('Team: retries reuse the export id.\r\n');
    expect(out).not.toMatch(/[^\r]\n/);
    const [before] = edited.split('## Panel Findings');
    const [after] = out.split('## Panel Findings');
    expect(after!.replace(/\[x\]/g, '[ ]')).toBe(`${before!.replace(/\s+$/, '')}\r\n\r\n`);
    // A second review replaces the section instead of adding one.
    const again = parseRunbook(out, 'rb.md');
    const twice = spliceReview(again, new Map(), renderFindings(panel, 'rb.md', '2026-01-16'));
    expect(twice.match(/## Panel Findings/g)).toHaveLength(1);
    expect(twice).toContain('Reviewed 2026-01-16');
    // Accept changes the status word and appends one record.
    const acc = spliceAccept(
      parseRunbook(twice, 'rb.md'),
      'ACCEPTED',
      '- ACCEPTED by Ann at 2026-01-16T00:00:00Z.',
    );
    expect(acc).toContain('Status: ACCEPTED\r\n');
    expect(acc.endsWith('## Acceptance\r\n\r\n- ACCEPTED by Ann at 2026-01-16T00:00:00Z.\r\n')).toBe(true);
  });

  it('finds what the built-in panel checks', () => {
    const src = fresh()
      .replace('**Empty month**', '**Something else**')
      .replace('#### [MODIFY] [routes.ts](src/routes.ts)', '#### [MODIFY] [gone.ts](src/gone.ts)')
      .replace('- The CSV writer.', '- The CSV writer; AWS key AKIAABCDEFGHIJKLMNOP.');
    const rb = parseRunbook(src, 'rb.md');
    const p = runPanel(rb, { rules: [], prose: [], errors: [], files: 0 }, { story, exists: () => false });
    expect(p.findings.map((f) => `${f.rule} ${f.role} ${f.line}`)).toEqual([
      'PT-SEC-001 Security 25',
      'PT-ARCH-002 Architect 22',
      'PT-QA-001 QA 27',
    ]);
    expect(p.roles.filter((r) => r.approved).map((r) => r.role)).toEqual([
      'Docs',
      'Compliance',
      'Observability',
    ]);
  });

  it('a rule file that does not parse holds back its role, or every role when its role is unknown', () => {
    const rb = parseRunbook(fresh(), 'rb.md');
    const ctx = { story, exists: (p: string) => p === 'src/routes.ts' };
    const known = runPanel(
      rb,
      {
        rules: [],
        prose: [],
        files: 1,
        errors: [{ file: 'r.md', line: 3, column: 7, message: 'x', role: 'QA' }],
      },
      ctx,
    );
    expect(known.roles.filter((r) => !r.approved).map((r) => r.role)).toEqual(['QA']);
    const unknown = runPanel(
      rb,
      {
        rules: [],
        prose: [],
        files: 1,
        errors: [{ file: 'r.md', line: 1, column: 1, message: 'x', role: null }],
      },
      ctx,
    );
    expect(unknown.roles.some((r) => r.approved)).toBe(false);
    expect(unknown.findings[0]).toMatchObject({ rule: 'governance/rule-invalid', file: 'r.md', line: 1 });
  });
});

describe('a runbook edited into an invalid state', () => {
  it.each([
    [
      'no title',
      (s: string) => s.replace('# WEB-12: Export invoices', 'WEB-12'),
      1,
      /no "# STORY-ID: Title"/,
    ],
    ['no status', (s: string) => s.replace('Status: PROPOSED', ''), 2, /no "Status: PROPOSED"/],
    [
      'an unknown status',
      (s: string) => s.replace('Status: PROPOSED', 'Status: DONE'),
      3,
      /"DONE" is not one of PROPOSED, ACCEPTED/,
    ],
    ['a role line removed', (s: string) => s.replace('- [ ] @QA approved?\n', ''), 12, /no line for @QA/],
    [
      'a role twice',
      (s: string) => s.replace('- [ ] @QA approved?', '- [ ] @QA approved?\n- [x] @QA approved?'),
      16,
      /@QA appears twice/,
    ],
    [
      'an unknown role',
      (s: string) => s.replace('- [ ] @QA approved?', '- [ ] @Legal approved?'),
      15,
      /"@Legal" is not a panel role/,
    ],
    [
      'no checklist',
      (s: string) => s.replace('## Compliance Checklist', '## Checks'),
      1,
      /no "## Compliance Checklist"/,
    ],
  ])('%s is runbook/invalid at its line', (_what, edit, line, message) => {
    const e = invalid(edit(fresh()));
    expect(e.message).toMatch(message);
    expect(e.line).toBe(line);
  });

  it("reads agentic-dev's later '## State' form", () => {
    const rb = parseRunbook(fresh().replace('Status: PROPOSED', '## State\n\nPROPOSED'), 'rb.md');
    expect(rb.status).toBe('PROPOSED');
    expect(spliceAccept(rb, 'ACCEPTED', '- ok')).toContain('## State\n\nACCEPTED\n');
  });
});

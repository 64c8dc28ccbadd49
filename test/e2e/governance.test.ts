import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeLlm, roleOf, startFakeLlm } from '../fakes/openai.js';
import { cli, cliAsync, plannedRepo, tempDir } from '../helpers/cli.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();

const put = (root: string, file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};

const RULES: Record<string, string> = {
  '.agent/rules/compliance-jira.md': `---
id: COMP-001
role: Compliance
severity: blocking
require:
  - pattern: '\\b(?!(?:SPEC|REQ|STD|PROP)-)[A-Z][A-Z0-9]+-\\d+\\b'
    in: each-change
    message: every task links a JIRA ticket
---

# COMP-001: Every task links a JIRA ticket
`,
  '.agent/rules/infra-rollback.md': `---
id: ARCH-010
role: Architect
when:
  paths: ["infra/**"]
require:
  - step: /rollback/i
---

# ARCH-010: A change under infra/ plans a rollback step
`,
  '.agent/compliance/SOC2.md': '# SOC 2\n\nProse the panel lists but does not machine-check.\n',
};

const RB = '.agent/cache/runbooks/SPEC-0001/SPEC-0001-REQ-001-runbook.md';

describe('seed 004 end to end: story → runbook → review → fix → review → ACCEPTED → implement', () => {
  it('runs on a plan issue of the local forge', async () => {
    const { repo } = plannedRepo();
    for (const [f, text] of Object.entries(RULES)) put(repo, f, text);
    writeFileSync(
      join(repo, 'papertrail.yaml'),
      `${readFileSync(join(repo, 'papertrail.yaml'), 'utf8')}governance:\n  runbooks: required\n`,
    );
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'governance');

    // The workspace requires runbooks: implement refuses before any branch exists.
    const none = cli(['implement', '2'], { cwd: repo });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('error implement/no-runbook');
    expect(none.stderr).toContain('papertrail runbook new SPEC-0001/REQ-001 (or ISSUE-2)');

    const made = cli(['runbook', 'new', 'ISSUE-2'], { cwd: repo });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const path = join(repo, RB);
    const generated = readFileSync(path, 'utf8');
    expect(
      generated.startsWith('# SPEC-0001/REQ-001: Auto-Scaling\n\nStatus: PROPOSED\n\n## Goal Description\n'),
    ).toBe(true);
    // The story points at the requirement's heading in the implementing repository's copy of the spec.
    const specLines = readFileSync(join(repo, '.github/spec/spec.md'), 'utf8').split('\n');
    const heading = specLines.indexOf('### Requirement: Auto-Scaling') + 1;
    expect(heading).toBeGreaterThan(0);
    expect(generated).toContain(
      `Story: SPEC-0001/REQ-001 (\`.github/spec/spec.md\`, line ${heading}; plan issue #2).`,
    );
    expect(generated).toContain(
      '- [ ] **Scale up on queue pressure**: GIVEN a pool configured with min=2, max=20 runners',
    );
    expect(generated).toContain(
      '- COMP-001 (@Compliance, blocking): Every task links a JIRA ticket — `.agent/rules/compliance-jira.md`',
    );
    expect(cli(['runbook', 'new', 'SPEC-0001/REQ-001'], { cwd: repo }).code).toBe(3); // exists

    // Review 1: nothing names a file yet.
    const r1 = cli(['runbook', 'review', 'ISSUE-2'], { cwd: repo });
    expect(r1.code).toBe(1);
    expect(r1.stdout).toContain(
      `${RB}:18:1 blocking PT-ARCH-001 @Architect: Proposed Changes lists no file to change`,
    );
    const after1 = readFileSync(path, 'utf8');
    expect(after1).toContain('- [x] @Security approved?\n- [ ] @Architect approved?\n- [x] @QA approved?');
    expect(after1).toContain('### @Architect: changes requested\n- **BLOCKING** PT-ARCH-001 (line 18)');
    const sarif = JSON.parse(cli(['runbook', 'review', 'ISSUE-2', '--sarif'], { cwd: repo }).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'PT-ARCH-001', level: 'error' });
    expect(sarif.runs[0].tool.driver.rules[0].shortDescription.text).toMatch(/Proposed Changes names/);

    const refused = cli(['runbook', 'accept', 'SPEC-0001/REQ-001'], { cwd: repo });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error runbook/not-approved');
    expect(readFileSync(path, 'utf8')).toBe(after1);

    // Fix 1: the team names a file under infra/ and writes a note elsewhere.
    const fix1 = after1
      .replace(
        /### Auto-Scaling\n- TODO\(@Architect\)[^\n]*\n/,
        '### infra\n#### [NEW] [autoscaler.tf](infra/autoscaler.tf)\n- Scale set, min=2 max=20.\n',
      )
      .replace('### Idempotency\n', '### Idempotency\nTeam note: a scaling decision per queue sample.\n');
    writeFileSync(path, fix1);
    const r2 = JSON.parse(cli(['runbook', 'review', 'ISSUE-2', '--json'], { cwd: repo }).stdout);
    expect(r2.ok).toBe(false);
    expect(r2.findings.map((f: { rule: string }) => f.rule)).toEqual(['ARCH-010', 'COMP-001']);
    expect(r2.prose).toEqual(['.agent/compliance/SOC2.md']);

    // Fix 2: a ticket and a rollback step.
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        '- Scale set, min=2 max=20.\n',
        '- INFRA-472: scale set, min=2 max=20.\n- Rollback: `terraform destroy -target=module.autoscaler`.\n',
      ),
    );
    const r3 = cli(['runbook', 'review', 'ISSUE-2'], { cwd: repo });
    expect(r3.stdout).toContain('0 blocking, 0 advisory');
    expect(r3.code).toBe(0);
    const clean = readFileSync(path, 'utf8');
    expect(clean).toContain('Team note: a scaling decision per queue sample.');
    expect(clean.match(/- \[x\] @\w+ approved\?/g)).toHaveLength(6);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'runbook reviewed');

    const notYet = cli(['implement', '2'], { cwd: repo });
    expect(notYet.code).toBe(3);
    expect(notYet.stderr).toContain(`${RB}:3: error implement/runbook-not-accepted`);

    const acc = cli(['runbook', 'accept', 'ISSUE-2'], { cwd: repo });
    expect(acc.code).toBe(0);
    const accepted = readFileSync(path, 'utf8');
    expect(accepted).toContain('\nStatus: ACCEPTED\n');
    expect(accepted).toMatch(
      /## Acceptance\n\n- ACCEPTED by .+ at 2026-11-23T00:00:00Z; every role approved\.\n$/,
    );
    expect(
      accepted.replace('Status: ACCEPTED', 'Status: PROPOSED').split('\n## Acceptance')[0]!.trimEnd(),
    ).toBe(clean.trimEnd());
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'runbook accepted');

    const impl = JSON.parse(cli(['implement', '2', '--json'], { cwd: repo }).stdout);
    expect(impl).toMatchObject({ ok: true, issue: 2, created: true, runbook: RB });
    expect(impl.pullRequest.body).toContain(`## Runbook\n\n[${RB}](${RB})`);
  }, 180_000);
});

const STORY = `# WEB-1: Export invoices

## State

DRAFT

## Problem Statement

Finance exports invoices by hand.

## Acceptance Criteria

- [ ] **Export all**: Given invoices, When I export, Then a CSV downloads.

## Impact Analysis Summary

Components touched: \`src/export.ts\`
`;

function storyWorkspace(): string {
  const ws = tempDir();
  expect(cli(['init'], { cwd: ws }).code).toBe(0);
  put(ws, '.agent/cache/stories/WEB/WEB-1.md', STORY);
  put(ws, 'src/export.ts', 'export {};\n');
  return ws;
}

let fake: FakeLlm | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

describe('refusal paths and bad input', () => {
  it('story files: DRAFT and missing stories are refused; a broken rule file is reported at file:line:col and the review completes', () => {
    const ws = storyWorkspace();
    const draft = cli(['runbook', 'new', 'WEB-1'], { cwd: ws });
    expect(draft.code).toBe(3);
    expect(draft.stderr).toContain('error runbook/story-draft');
    const missing = cli(['runbook', 'new', 'WEB-404'], { cwd: ws });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('error story/not-found: Story WEB-404 does not exist');
    expect(missing.stderr).toContain('(WEB-1)');
    expect(existsSync(join(ws, '.agent/cache/runbooks'))).toBe(false);

    put(ws, '.agent/cache/stories/WEB/WEB-1.md', STORY.replace('DRAFT', 'COMMITTED'));
    expect(cli(['runbook', 'new', 'WEB-1'], { cwd: ws }).code).toBe(0);
    const path = join(ws, '.agent/cache/runbooks/WEB/WEB-1-runbook.md');
    expect(readFileSync(path, 'utf8')).toContain('#### [MODIFY] [export.ts](src/export.ts)');

    put(
      ws,
      '.agent/rules/bad.md',
      '---\nid: OBS-001\nrole: Observabilty\nrequire:\n  - pattern: /metrics/\n---\n',
    );
    const r = cli(['runbook', 'review', 'WEB-1'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '.agent/rules/bad.md:3:7 blocking governance/rule-invalid: "role" must be one of',
    );
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('### Rule files that do not parse');
    expect(text).not.toContain('- [x]'); // its role is unknown: nobody approves
    expect(text).toContain('### @Security: on hold');
  });

  it('a runbook edited into an invalid state is refused with its line, nothing written; --override is recorded', () => {
    const ws = storyWorkspace();
    put(ws, '.agent/cache/stories/WEB/WEB-1.md', STORY.replace('DRAFT', 'COMMITTED'));
    cli(['runbook', 'new', 'WEB-1'], { cwd: ws });
    const path = join(ws, '.agent/cache/runbooks/WEB/WEB-1-runbook.md');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.replace('Status: PROPOSED', 'Status: DONE'));
    const bad = cli(['runbook', 'review', 'WEB-1', '--json'], { cwd: ws });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      code: 'runbook/invalid',
      location: { file: '.agent/cache/runbooks/WEB/WEB-1-runbook.md', line: 3, column: 9 },
    });
    expect(readFileSync(path, 'utf8')).toBe(good.replace('Status: PROPOSED', 'Status: DONE'));

    writeFileSync(path, good.replace('- Change for Export invoices.', '- password: hunter2abc99'));
    expect(cli(['runbook', 'accept', 'WEB-1'], { cwd: ws }).code).toBe(1);
    expect(cli(['runbook', 'accept', 'WEB-1', '--override', '  '], { cwd: ws }).code).toBe(2);
    const o = cli(['runbook', 'accept', 'WEB-1', '--override', 'Hotfix approved by the CAB'], {
      cwd: ws,
      env: { USER: 'ann' },
    });
    expect(o.code).toBe(0);
    expect(o.stderr).toContain('accepted with 1 blocking finding(s)');
    expect(readFileSync(path, 'utf8')).toMatch(
      /- ACCEPTED with an override by .+ at 2026-11-23T00:00:00Z\. Reason: "Hotfix approved by the CAB"\. Open at acceptance: 1 blocking finding\(s\) \(PT-SEC-001 @Security\); unticked @Security, @Architect, @QA, @Docs, @Compliance, @Observability\.\n$/,
    );
    expect(cli(['runbook', 'accept', 'WEB-1'], { cwd: ws }).stdout).toContain('already ACCEPTED');
  });

  it('the AI reviewer adds advisory findings; down or garbage is a warning and the deterministic review completes', async () => {
    const ws = storyWorkspace();
    put(ws, '.agent/cache/stories/WEB/WEB-1.md', STORY.replace('DRAFT', 'COMMITTED'));
    cli(['runbook', 'new', 'WEB-1'], { cwd: ws });
    const path = join(ws, '.agent/cache/runbooks/WEB/WEB-1-runbook.md');

    expect(
      cli(['runbook', 'review', 'WEB-1', '--ai'], { cwd: ws, env: { PAPERTRAIL_LLM_URL: '' } }).code,
    ).toBe(2);

    fake = await startFakeLlm({
      kind: 'answer',
      content: (r) =>
        roleOf(r) === 'Observability'
          ? JSON.stringify({ findings: [{ line: 3, message: 'Plan a metric for export duration.' }] })
          : '{"findings":[]}',
    });
    const env = {
      PAPERTRAIL_LLM_URL: fake.url,
      PAPERTRAIL_LLM_MODEL: 'fake-1',
      PAPERTRAIL_LLM_API_KEY: 'sk-test',
    };
    const ok = await cliAsync(['runbook', 'review', 'WEB-1', '--ai', '--json'], { cwd: ws, env });
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.stdout);
    expect(j.findings).toEqual([
      expect.objectContaining({
        rule: 'AI-OBSERVABILITY',
        role: 'Observability',
        severity: 'advisory',
        source: 'ai',
        line: 3,
      }),
    ]);
    expect(j.roles.every((r: { approved: boolean }) => r.approved)).toBe(true);
    expect(fake.requests.map(roleOf)).toEqual([
      'Security',
      'Architect',
      'QA',
      'Docs',
      'Compliance',
      'Observability',
    ]);
    expect(fake.requests[0]!.authorization).toBe('Bearer sk-test');
    expect(fake.requests[0]!.messages[1]!.content).toContain('3: Status: PROPOSED');
    expect(readFileSync(path, 'utf8')).toContain(
      '- advisory (AI reviewer) (line 3): Plan a metric for export duration.',
    );

    fake.mode = { kind: 'garbage', body: '<html>502 Bad Gateway</html>' };
    const garbage = await cliAsync(['runbook', 'review', 'WEB-1', '--ai'], { cwd: ws, env });
    expect(garbage.code).toBe(0);
    expect(garbage.stderr).toContain('warning: AI reviewer (@Security): llm/bad-response');
    expect(garbage.stdout).toContain('0 blocking, 0 advisory');

    const url = fake.url;
    await fake.close();
    fake = null;
    const down = await cliAsync(['runbook', 'review', 'WEB-1', '--ai'], {
      cwd: ws,
      env: { ...env, PAPERTRAIL_LLM_URL: url },
    });
    expect(down.code).toBe(0);
    expect(down.stderr).toContain('warning: AI reviewer (@Security): llm/unreachable');
    expect(down.stderr).toContain(
      'AI reviewer skipped for @Architect, @QA, @Docs, @Compliance, @Observability',
    );
    expect(readFileSync(path, 'utf8')).toContain('> AI reviewer (@Security): llm/unreachable');
    expect(readFileSync(path, 'utf8').match(/- \[x\]/g)).toHaveLength(6);
  });

  it('check prints the gate table and exits 1 on a violation', () => {
    const ws = storyWorkspace();
    expect(cli(['check'], { cwd: ws }).code).toBe(3);
    put(
      ws,
      '.papertrail/constitution.md',
      "# Team Constitution\n\n**Version**: 1.0.0\n\n## Article I: JIRA-First\n\n```papertrail\napplies-to: [story, plan]\nrequire:\n  - pattern: '\\bJIRA-\\d+'\n```\n\n## Article II: Simplicity\n\nKeep it small.\n",
    );
    const r = cli(['check'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| Article | Gate | Status | Reason |');
    expect(r.stdout).toContain(
      '| I | JIRA-First | VIOLATION | .agent/cache/stories/WEB/WEB-1.md:1: the story has nothing matching \\bJIRA-\\d+ |',
    );
    expect(r.stdout).toContain('| II | Simplicity | NOT CHECKED |');
    put(ws, '.agent/cache/stories/WEB/WEB-1.md', `${STORY}\nTicket: JIRA-12\n`);
    const ok = JSON.parse(cli(['check', '--json'], { cwd: ws }).stdout);
    expect(ok).toMatchObject({ ok: true, violations: 0, constitution: { version: '1.0.0' } });
  });

  it('governance init writes a starter constitution and the rules it names; check and the panel enforce them', () => {
    const ws = storyWorkspace();
    const dry = cli(['governance', 'init', '--dry-run', '--json'], { cwd: ws });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).files.map((f: { action: string }) => f.action)).toEqual(
      Array(5).fill('create'),
    );
    expect(existsSync(join(ws, '.papertrail/constitution.md'))).toBe(false);

    const made = cli(['governance', 'init'], { cwd: ws });
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('wrote .papertrail/constitution.md');
    expect(made.stdout).toContain('wrote .agent/rules/GOV-002-infra-rollback.md');
    const passing = cli(['check'], { cwd: ws });
    expect(passing.code, passing.stdout).toBe(0);
    expect(passing.stdout).toContain('| II | Reversible Infrastructure | PASS |');

    // A story that touches infra/ gets a runbook whose rollback is a placeholder: the panel and the
    // constitution both stop it, and a real rollback step clears both.
    put(
      ws,
      '.agent/cache/stories/OPS/OPS-1.md',
      '# OPS-1: Bigger runners\n\n## State\n\nCOMMITTED\n\n## Problem Statement\n\nBuilds queue.\n\n## Acceptance Criteria\n\n- [ ] **Scale**: Given a queue, When it grows, Then runners are added.\n\n## Impact Analysis Summary\n\nComponents touched: `infra/runners.tf`\n',
    );
    expect(cli(['runbook', 'new', 'OPS-1'], { cwd: ws }).code).toBe(0);
    const review = cli(['runbook', 'review', 'OPS-1'], { cwd: ws });
    expect(review.code).toBe(1);
    expect(review.stdout).toContain('blocking GOV-002 @Architect: a change under infra/');
    const failing = cli(['check'], { cwd: ws });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('| II | Reversible Infrastructure | VIOLATION |');
    const path = join(ws, '.agent/cache/runbooks/OPS/OPS-1-runbook.md');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        '_Not stated by the story or the spec: how to revert this change safely._',
        '- Roll back: `terraform apply` of the previous state.',
      ),
    );
    expect(cli(['runbook', 'review', 'OPS-1'], { cwd: ws }).code).toBe(0);
    expect(cli(['check'], { cwd: ws }).code).toBe(0);

    // A second run keeps everything, including a rule the team edited.
    const edited = join(ws, '.agent/rules/GOV-004-no-secrets.md');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('never by value', 'never, ever by value'));
    const again = cli(['governance', 'init', '--json'], { cwd: ws });
    expect(JSON.parse(again.stdout).files.every((f: { action: string }) => f.action === 'keep')).toBe(true);
    expect(readFileSync(edited, 'utf8')).toContain('never, ever by value');
  });

  it('governance init leaves a Spec Kit constitution and rule IDs the team already has alone', () => {
    const ws = storyWorkspace();
    put(
      ws,
      '.specify/memory/constitution.md',
      '# Ours\n\n**Version**: 2.0.0\n\n### I. Library-First\n\nLibraries.\n',
    );
    put(
      ws,
      '.agent/rules/ours.md',
      '---\nid: GOV-001\nrole: QA\nrequire:\n  - pattern: /test/\n---\n# Our own GOV-001\n',
    );
    const r = JSON.parse(cli(['governance', 'init', '--json'], { cwd: ws }).stdout);
    expect(r.files).toContainEqual({
      path: '.papertrail/constitution.md',
      action: 'keep',
      because: "the workspace's constitution is .specify/memory/constitution.md",
    });
    expect(r.files).toContainEqual({
      path: '.agent/rules/GOV-001-verification-plan.md',
      action: 'keep',
      because: 'GOV-001 is defined in .agent/rules/ours.md',
    });
    expect(existsSync(join(ws, '.papertrail/constitution.md'))).toBe(false);
    expect(existsSync(join(ws, '.agent/rules/GOV-002-infra-rollback.md'))).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { PtySession, ptyAvailable } from '../helpers/pty.js';

const pty = await ptyAvailable('interactive pty tests');

// Seed 000, Parts 1 and 2, typed into the real CLI on a pseudo-terminal the way the seed's
// engineer answers Copilot: one question at a time, a summary, and a yes before anything is written.
describe.skipIf(!pty)('seed 000 interactively (pty)', () => {
  let session: PtySession | undefined;
  afterEach(() => session?.kill());

  it('writes PROP-0001 and SPEC-0001 from the interview', async () => {
    const dir = tempDir();
    expect(cli(['init', '--author', '@platform-team'], { cwd: dir }).code).toBe(0);

    session = await PtySession.start(['propose'], dir);
    const s = session;
    await s.answer(
      'What problem are you trying to solve?',
      'We need to replace our Jenkins CI infrastructure. It is a maintenance burden with slow feedback loops, and we need self-hosted GitHub Actions runners for security and compliance.',
    );
    await s.answer('What title would you like for this proposal?', 'Runner Infrastructure');
    await s.answer(
      'What are the goals of this proposal?',
      'Provide self-hosted runners for all GitHub Actions workflows',
    );
    await s.answer('Another goal', 'Auto-scale based on demand to avoid queue times');
    await s.answer('Another goal', 'Meet security requirements (isolated execution, no persistent state)');
    await s.answer('Another goal', 'Reduce CI feedback time from 15 minutes to under 5 minutes');
    await s.answer('Another goal', '');
    await s.answer(
      'What are the non-goals?',
      'Migrating existing Jenkins pipelines (teams do that themselves)',
    );
    await s.answer('Another non-goal', 'Supporting non-GitHub CI systems');
    await s.answer('Another non-goal', 'Providing GPU runners (future work)');
    await s.answer('Another non-goal', '');
    await s.answer('Option 1 title', 'GARM (GitHub Actions Runner Manager)');
    await s.answer('what are the pros?', 'Purpose-built for this');
    await s.answer('Another pro', 'Active community');
    await s.answer('Another pro', '');
    await s.answer('what are the cons?', 'Another system to maintain');
    await s.answer('Another con', '');
    await s.answer('Option 2 title', 'Build our own');
    await s.answer('what are the pros?', 'Full control');
    await s.answer('Another pro', '');
    await s.answer('what are the cons?', 'Significant engineering investment');
    await s.answer('Another con', '');
    await s.answer('Option 3 title', 'Commercial solution (BuildJet or Actuated)');
    await s.answer('what are the pros?', 'Fully managed');
    await s.answer('Another pro', '');
    await s.answer('what are the cons?', 'Expensive at our scale');
    await s.answer('Another con', '');
    await s.answer('Option 4 title', '');
    await s.answer(
      "What's your recommendation?",
      'Option 1 - GARM. It is the right balance of capability and control.',
    );
    await s.waitFor('Proposal summary');
    await s.waitFor('Recommendation: Option 1 - GARM');
    await s.answer('Ready to create docs/proposals/PROP-0001-runner-infrastructure.md?', '');
    await s.waitFor('Created docs/proposals/PROP-0001-runner-infrastructure.md');
    expect(await s.exited).toBe(0);

    const prop = readFileSync(join(dir, 'docs/proposals/PROP-0001-runner-infrastructure.md'), 'utf8');
    expect(prop).toContain('# PROP-0001: Runner Infrastructure');
    expect(prop).toContain('- Reduce CI feedback time from 15 minutes to under 5 minutes');
    expect(prop).toContain('### Option 3: Commercial solution (BuildJet or Actuated)');
    expect(prop).toContain('status: draft');

    session = await PtySession.start(['spec', 'PROP-0001'], dir);
    const t = session;
    await t.waitFor('PROP-0001 is draft, not approved');
    await t.answer('Stop', ''); // first option: approve the proposal first
    await t.answer('What repositories will implement this spec?', 'github/runner-infra');
    const requirement = async (
      name: string,
      said: string,
      scenario: string,
      given: string,
      when: string,
      then: string,
      deps?: string,
    ) => {
      await t.answer('Give it a short name', name);
      await t.answer(`What must "${name}" do?`, said);
      await t.answer('Statement with SHALL (edit it, or press Enter to accept)', '');
      await t.answer(`Scenario 1 of "${name}" — name?`, scenario);
      await t.answer('GIVEN what initial state?', given);
      await t.answer('WHEN what happens?', when);
      await t.answer('THEN what should occur?', then);
      await t.answer('Add another scenario', '');
      if (deps !== undefined) await t.answer(`Does "${name}" depend on earlier requirements?`, deps);
    };
    await requirement(
      'Auto-Scaling',
      'The system must automatically scale runners based on workflow queue depth.',
      'Scale up on queue pressure',
      'Given a pool configured with min=2, max=20 runners',
      'When more than 5 workflows are queued for over 30 seconds',
      'Then the system provisions additional runners until queue depth < 5 or max reached',
    );
    await t.answer('Any more requirements?', '');
    await requirement(
      'Security Isolation',
      'The system must execute each workflow job in an isolated, ephemeral environment.',
      'Clean environment per job',
      'a workflow job is assigned to a runner',
      'the job completes (success or failure)',
      'the runner VM is destroyed and a fresh one provisioned',
      '',
    );
    await t.answer('Any more requirements?', '');
    await requirement(
      'Monitoring',
      'The system must expose metrics for runner utilization and queue depth.',
      'Prometheus metrics',
      'the system is running',
      'Prometheus scrapes the /metrics endpoint',
      'it returns runner_active, runner_idle, and queue_depth gauges',
      '1, 2',
    );
    await t.waitFor('Any more requirements?');
    t.write('\u001b[C'); // → selects "No"
    await new Promise((r) => setTimeout(r, 50));
    t.write('\r');
    await t.answer('Does this spec depend on any other specs', '');
    await t.waitFor('Spec summary');
    await t.waitFor('3. Monitoring - 1 scenario (depends on Auto-Scaling, Security Isolation)');
    await t.answer('Ready to create docs/specs/SPEC-0001-runner-infrastructure.md?', '');
    await t.waitFor('Created docs/specs/SPEC-0001-runner-infrastructure.md');
    expect(await t.exited).toBe(0);

    const spec = readFileSync(join(dir, 'docs/specs/SPEC-0001-runner-infrastructure.md'), 'utf8');
    expect(spec).toContain('implements: PROP-0001');
    expect(spec).toContain('  - repo: github/runner-infra\n    status: planned');
    expect(spec).toContain(
      '### Requirement: Auto-Scaling\n\n**ID:** REQ-001\n\nThe system SHALL automatically scale runners based on workflow queue depth.',
    );
    expect(spec).toContain('- **GIVEN** a pool configured with min=2, max=20 runners');
    expect(spec).toContain('**ID:** REQ-003\n\n**Depends on:** Auto-Scaling, Security Isolation');
    expect(readFileSync(join(dir, 'docs/proposals/PROP-0001-runner-infrastructure.md'), 'utf8')).toContain(
      'status: approved',
    );
    const v = cli(['validate', '--strict'], { cwd: dir });
    expect(v.stdout).toContain('0 errors, 0 warnings');
    expect(v.code).toBe(0);
  }, 120_000);
});

describe.skipIf(!pty)('status interactively (pty)', () => {
  it('offers only the legal next statuses', async () => {
    const dir = tempDir();
    cli(['init'], { cwd: dir });
    cli(['propose', '--from', new URL('../../examples/seed-000/prop-0001.yaml', import.meta.url).pathname], {
      cwd: dir,
    });
    const s = await PtySession.start(['status'], dir);
    try {
      await s.waitFor('Which document?');
      await s.waitFor('PROP-0001: Runner Infrastructure');
      s.write('\r');
      await s.waitFor('PROP-0001 is draft; move it to');
      await s.waitFor('review');
      await s.waitFor('approved');
      await s.waitFor('rejected');
      s.write('\r');
      await s.waitFor('PROP-0001: draft → review');
      expect(await s.exited).toBe(0);
    } finally {
      s.kill();
    }
    expect(readFileSync(join(dir, 'docs/proposals/PROP-0001-runner-infrastructure.md'), 'utf8')).toContain(
      'status: review',
    );
  }, 60_000);
});

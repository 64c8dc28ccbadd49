import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, seedWorkspace, tempDir } from '../helpers/cli.js';
import { PtySession, ptyAvailable } from '../helpers/pty.js';

const pty = await ptyAvailable('interview paste pty tests');
const pause = (ms = 50) => new Promise((r) => setTimeout(r, ms));
/** What a terminal in bracketed-paste mode sends for a paste (terminals turn line feeds into CR). */
const paste = (text: string) => `\u001b[200~${text}\u001b[201~`;

describe.skipIf(!pty)('interview answers on a terminal (pty)', () => {
  let session: PtySession | undefined;
  afterEach(() => session?.kill());

  it('keeps every line of a pasted multi-line answer, CR, LF or CR LF', async () => {
    const dir = tempDir();
    expect(cli(['init'], { cwd: dir }).code).toBe(0);
    session = await PtySession.start(
      [
        'propose',
        '--title',
        'Runner Infrastructure',
        '--goal',
        'Fast CI',
        '--non-goal',
        'GPU runners',
        '--option',
        'GARM',
        '--pro',
        'Purpose-built',
        '--con',
        'Another system',
      ],
      dir,
    );
    const s = session;
    await s.waitFor('What problem are you trying to solve?');
    await pause();
    s.write(paste('Jenkins is slow.\rBuilds queue for 15 minutes.\r\rTeams wait.'));
    await pause();
    s.write('\r');
    await s.waitFor("What's your recommendation?");
    await pause();
    s.write(paste('Adopt GARM.\r\nIt fits our scale.'));
    await pause();
    s.write('\r');
    await s.answer('Ready to create', '');
    await s.waitFor('Created docs/proposals/PROP-0001-runner-infrastructure.md');
    expect(await s.exited).toBe(0);
    const prop = readFileSync(join(dir, 'docs/proposals/PROP-0001-runner-infrastructure.md'), 'utf8');
    expect(prop).toContain('Jenkins is slow.\nBuilds queue for 15 minutes.\n\nTeams wait.');
    expect(prop).toContain('Adopt GARM.\nIt fits our scale.');
    // Bracketed paste is switched off again, so the shell afterwards gets plain pastes.
    expect(s.rawOutput.lastIndexOf('\u001b[?2004l')).toBeGreaterThan(
      s.rawOutput.lastIndexOf('\u001b[?2004h'),
    );
  }, 60_000);

  it('offers "The system SHALL scale …" for "The system scales …", and keeps a pasted statement whole', async () => {
    const ws = seedWorkspace();
    session = await PtySession.start(['requirement', 'add', 'SPEC-0001'], ws);
    const s = session;
    await s.answer('Give it a short name', 'Queue Scaling');
    await s.answer('What must "Queue Scaling" do?', 'The system scales runners on queue depth.');
    await s.waitFor('Statement with SHALL (edit it, or press Enter to accept)');
    await s.waitFor('The system SHALL scale runners on queue depth.');
    expect(s.output).not.toContain('SHALL the system');
    await pause();
    s.write('\r');
    await s.answer('Scenario 1 of "Queue Scaling"', 'Grow');
    await s.answer('GIVEN what initial state?', 'a pool of 2 runners');
    await s.answer('WHEN what happens?', '10 jobs queue');
    await s.answer('THEN what should occur?', 'runners are added');
    await s.answer('Add another scenario', '');
    await s.answer('depend on earlier requirements?', '');
    await s.answer('Ready to create', '');
    await s.waitFor('added');
    expect(await s.exited).toBe(0);

    session = await PtySession.start(['requirement', 'add', 'SPEC-0001'], ws);
    const t = session;
    await t.answer('Give it a short name', 'Queue Draining');
    await t.waitFor('What must "Queue Draining" do?');
    await pause();
    t.write(paste('The system SHALL drain idle runners\rafter ten minutes.'));
    await pause();
    t.write('\r');
    await t.answer('Scenario 1 of "Queue Draining"', 'Drain');
    await t.answer('GIVEN what initial state?', 'an idle runner');
    await t.answer('WHEN what happens?', 'ten minutes pass');
    await t.answer('THEN what should occur?', 'it is removed');
    await t.answer('Add another scenario', '');
    await t.answer('depend on earlier requirements?', '');
    await t.answer('Ready to create', '');
    await t.waitFor('added');
    expect(await t.exited).toBe(0);

    const file = readdirSync(join(ws, 'docs/specs')).find((f) => f.startsWith('SPEC-0001'))!;
    const spec = readFileSync(join(ws, 'docs/specs', file), 'utf8');
    expect(spec).toContain('The system SHALL scale runners on queue depth.');
    expect(spec).toContain('The system SHALL drain idle runners after ten minutes.');
    expect(cli(['validate'], { cwd: ws }).code).toBe(0);
  }, 90_000);

  it('offers no rewrite it is unsure of, and Enter alone does not accept the plain sentence', async () => {
    const ws = seedWorkspace();
    session = await PtySession.start(['requirement', 'add', 'SPEC-0001'], ws);
    const s = session;
    await s.answer('Give it a short name', 'Pool Scaling');
    const said = 'The worker pools scale on queue depth.';
    await s.answer('What must "Pool Scaling" do?', said);
    await s.waitFor('add SHALL or MUST to it');
    await pause();
    s.write('\r');
    await s.waitFor('Use SHALL or MUST');
    s.write('\u007f'.repeat(said.length));
    await pause();
    s.write('The worker pools SHALL scale on queue depth.');
    await pause();
    s.write('\r');
    await s.answer('Scenario 1 of "Pool Scaling"', 'Grow');
    await s.answer('GIVEN what initial state?', 'a pool');
    await s.answer('WHEN what happens?', 'jobs queue');
    await s.answer('THEN what should occur?', 'it grows');
    await s.answer('Add another scenario', '');
    await s.answer('depend on earlier requirements?', '');
    await s.answer('Ready to create', '');
    await s.waitFor('added');
    expect(await s.exited).toBe(0);
    const file = readdirSync(join(ws, 'docs/specs')).find((f) => f.startsWith('SPEC-0001'))!;
    expect(readFileSync(join(ws, 'docs/specs', file), 'utf8')).toContain(
      'The worker pools SHALL scale on queue depth.',
    );
  }, 90_000);
});

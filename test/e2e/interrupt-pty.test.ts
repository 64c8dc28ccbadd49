import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, seedWorkspace, tempDir } from '../helpers/cli.js';
import { PtySession, ptyAvailable } from '../helpers/pty.js';

const pty = await ptyAvailable('interrupt pty tests');
const REQS = 40;

/** An implementing repository (local forge) of a spec with REQS requirements: a plan long enough to interrupt. */
function bigRepo(): string {
  const ws = seedWorkspace({ spec: false });
  const requirements = Array.from({ length: REQS }, (_, i) => ({
    name: `Capability ${i + 1}`,
    statement: `The system SHALL provide capability ${i + 1}.`,
    scenarios: [{ name: 'Works', given: 'a user', when: `they use capability ${i + 1}`, then: 'it works' }],
  }));
  writeFileSync(
    join(ws, 'big.json'),
    JSON.stringify({ proposal: 'PROP-0001', implementations: ['acme/big'], requirements }),
  );
  expect(cli(['spec', '--from', 'big.json'], { cwd: ws }).code).toBe(0);
  const repo = join(tempDir(), 'big');
  expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
  return repo;
}

function count(text: string, word: string): number {
  return text.split(word).length - 1;
}

// Ctrl-C typed on a real terminal: at a question clack reads it as a key; while a command runs the
// terminal sends SIGINT. Either way: exit 130, said once, and nothing half-written or left locked.
describe.skipIf(!pty)('Ctrl-C (pty)', () => {
  let session: PtySession | undefined;
  afterEach(() => session?.kill());

  it('at an interview question: exit 130, one message, nothing written', async () => {
    const dir = tempDir();
    expect(cli(['init'], { cwd: dir }).code).toBe(0);
    const before = readdirSync(join(dir, 'docs', 'proposals'));
    session = await PtySession.start(['propose'], dir);
    await session.waitFor('What problem are you trying to solve?');
    await new Promise((r) => setTimeout(r, 100));
    session.write('\x03');
    expect(await session.exited).toBe(130);
    expect(count(session.output, 'Cancelled')).toBe(1);
    expect(session.output).toContain('error input/cancelled: Cancelled; nothing was written');
    expect(readdirSync(join(dir, 'docs', 'proposals'))).toEqual(before);
  });

  describe('during plan', () => {
    let repo: string;
    beforeAll(() => {
      repo = bigRepo();
    });

    it('while it waits for another process to let go of the store: stops at once, exit 130', async () => {
      // A lock held by a live process (this test's): plan waits for it (PAPERTRAIL_STORE_WAIT).
      const lock = join(repo, '.papertrail', 'store.lock');
      const text = `${JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() })}\n`;
      mkdirSync(join(repo, '.papertrail'), { recursive: true });
      writeFileSync(lock, text);
      try {
        session = await PtySession.start(['plan'], repo, { PAPERTRAIL_STORE_WAIT: '30' });
        await session.waitFor(`waiting for the store, in use by process ${process.pid}`);
        const asked = Date.now();
        session.write('\x03');
        expect(await session.exited).toBe(130);
        expect(Date.now() - asked).toBeLessThan(5_000);
        expect(count(session.output, 'Interrupted')).toBe(1);
        expect(session.output).toContain('error interrupted: Interrupted');
        // Someone else's lock is not ours to remove.
        expect(readFileSync(lock, 'utf8')).toBe(text);
      } finally {
        rmSync(lock, { force: true });
      }
    });

    it('while it holds the store: lets go of it first, then exit 130; a re-run finds every issue', async () => {
      const lock = join(repo, '.papertrail', 'store.lock');
      session = await PtySession.start(['plan'], repo);
      const s = session;
      // Ctrl-C the moment the plan holds the store.
      const start = Date.now();
      while (!existsSync(lock)) {
        if (Date.now() - start > 20_000) throw new Error(`plan never took the store:\n${s.output}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      s.write('\x03');
      expect(await s.exited).toBe(130);
      expect(count(s.output, 'Interrupted')).toBe(1);
      expect(existsSync(lock)).toBe(false);
      const again = cli(['plan'], { cwd: repo });
      expect(again.code).toBe(0);
      // Each requirement has its issue exactly once, whatever the interrupted run got to write.
      const issues = [...again.stdout.matchAll(/#\d+ Capability (\d+)\b/g)].map((m) => Number(m[1]));
      expect(issues.sort((a, b) => a - b)).toEqual(Array.from({ length: REQS }, (_, i) => i + 1));
    });
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, seedWorkspace, tempDir } from '../helpers/cli.js';
import { PtySession, ptyAvailable } from '../helpers/pty.js';

const pty = await ptyAvailable('bootstrap standards pty test');

describe.skipIf(!pty)('bootstrap on a terminal (pty)', () => {
  let session: PtySession | undefined;
  afterEach(() => session?.kill());

  it('offers the approved standards, those that apply ticked, and applies the pick', async () => {
    const ws = seedWorkspace();
    for (const args of [
      ['standard', '--title', 'Secrets Hygiene', '--applies-to', 'services', '--overview', 'O.'],
      ['standard', '--title', 'Base Rules', '--applies-to', 'all', '--overview', 'O.', '--gitignore', 'tmp/'],
      ['standard', '--title', 'Draft Rules', '--applies-to', 'services', '--overview', 'O.'],
      ['status', 'STD-0001', 'approved'],
      ['status', 'STD-0002', 'approved'],
    ])
      expect(cli(args, { cwd: ws }).code).toBe(0);
    const repo = join(tempDir(), 'runner-infra');
    session = await PtySession.start(['bootstrap', 'SPEC-0001', '--dir', repo], ws);
    const s = session;
    await s.waitFor('Which standards should the repository follow?');
    await s.waitFor('STD-0002: Base Rules');
    expect(s.output).not.toContain('STD-0003');
    // The cursor starts on STD-0001 (not ticked): tick it, then untick STD-0002 (applies to all).
    await new Promise((r) => setTimeout(r, 50));
    s.write(' ');
    await new Promise((r) => setTimeout(r, 50));
    s.write('\u001b[B');
    await new Promise((r) => setTimeout(r, 50));
    s.write(' ');
    await new Promise((r) => setTimeout(r, 50));
    s.write('\r');
    await s.waitFor('STD-0001: Secrets Hygiene (added with --standard)');
    await s.waitFor('(not applied: STD-0002 skipped with --skip-standard)');
    await s.answer('Proceed with the bootstrap?', '');
    expect(await s.exited).toBe(0);
    expect(existsSync(join(repo, '.github/standards/STD-0001-secrets-hygiene.md'))).toBe(true);
    expect(existsSync(join(repo, '.github/standards/STD-0002-base-rules.md'))).toBe(false);
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).not.toContain('tmp/');
  }, 60_000);
});

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/faces/cli/display-width.js';
import { cli, minimalProposal, seedWorkspace, tempDir } from '../helpers/cli.js';
import { PtySession, ptyAvailable } from '../helpers/pty.js';

describe('titles in any script', () => {
  it('names the file after an all-Japanese title, and the document validates and lists', () => {
    const dir = tempDir();
    expect(cli(['init'], { cwd: dir }).code).toBe(0);
    const r = cli(minimalProposal('ランナー基盤の自動スケール'), { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'docs/proposals/PROP-0001-ランナー基盤の自動スケール.md'))).toBe(true);
    expect(cli(['validate', '--strict'], { cwd: dir }).code).toBe(0);
    expect(cli(['list'], { cwd: dir }).stdout).toContain('ランナー基盤の自動スケール');
  });

  it('keeps a long title in a name of at most 60 bytes, cut between characters', () => {
    const dir = tempDir();
    cli(['init'], { cwd: dir });
    expect(cli(minimalProposal('自動スケール'.repeat(30)), { cwd: dir }).code).toBe(0);
    const [file] = readdirSync(join(dir, 'docs/proposals'));
    const slug = file!.replace(/^PROP-0001-|\.md$/g, '');
    expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(60);
    expect(slug).toBe('自動スケール'.repeat(4).slice(0, 20));
  });

  it('refuses a title with no letters or digits, naming --slug, and --slug then works', () => {
    const dir = tempDir();
    cli(['init'], { cwd: dir });
    const r = cli(minimalProposal('★ → ✓'), { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no letters or digits');
    expect(r.stderr).toContain('--slug');
    expect(readdirSync(join(dir, 'docs/proposals'))).toEqual([]);
    expect(cli(minimalProposal('★ → ✓', ['--slug', 'stars']), { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, 'docs/proposals/PROP-0001-stars.md'))).toBe(true);
    // Titles without letters all slug to nothing; only the same title is a duplicate then.
    const other = cli(minimalProposal('☆', ['--slug', 'star']), { cwd: dir });
    expect(other.stderr).toBe('');
    expect(other.code).toBe(0);
    expect(cli(minimalProposal('★ → ✓', ['--slug', 'again']), { cwd: dir }).code).toBe(3);
  });

  it('offers --slug on every verb that names a file after a title', () => {
    const ws = seedWorkspace();
    for (const verb of [['propose'], ['spec'], ['extend'], ['standard']]) {
      const help = cli([...verb, '--help'], { cwd: ws });
      expect(help.stdout, verb.join(' ')).toContain('--slug <slug>');
    }
  });
});

describe.skipIf(!(await ptyAvailable('list width pty test')))('list on a terminal (pty)', () => {
  it('fits a 256-character title and a wide-character title into the terminal width', async () => {
    const dir = tempDir();
    cli(['init'], { cwd: dir });
    const long = `Runner ${'infrastructure '.repeat(17)}`.trim().slice(0, 256);
    expect(cli(minimalProposal(long), { cwd: dir }).code).toBe(0);
    expect(cli(minimalProposal('ランナー基盤の自動スケール'.repeat(4)), { cwd: dir }).code).toBe(0);
    const s = await PtySession.start(['list'], dir, {}, { cols: 80, rows: 30 });
    try {
      expect(await s.exited).toBe(0);
    } finally {
      s.kill();
    }
    const lines = s.output.split(/\r?\n/).filter((l) => l.trim());
    expect(lines.length).toBe(3);
    for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/PROP-0001 +proposal +draft +Runner infrastructure .*…/);
    expect(lines[2]).toContain('ランナー基盤');

    // Piped, nothing is cut: scripts get the whole title.
    expect(cli(['list'], { cwd: dir }).stdout).toContain(long);
  }, 60_000);
});

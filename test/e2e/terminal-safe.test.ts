import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, seedWorkspace } from '../helpers/cli.js';

// Any control character but tab, LF and the CR of a CRLF.
const RAW = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;
const OSC = '\\u001b]0;pwned\\u0007';

// A hand-edited spec whose title and a requirement carry terminal escape sequences and a NUL: what
// a terminal receives must show them, not act on them.
describe('document text with control characters in text output', () => {
  let ws: string;
  beforeAll(() => {
    ws = seedWorkspace();
    const dir = join(ws, 'docs/specs');
    const file = join(dir, readdirSync(dir).find((f) => f.startsWith('SPEC-0001'))!);
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('title: Runner Infrastructure', 'title: "Runner \\e]0;pwned\\a\\e[2J\\0Infra"')
        // Unlike the title, no NUL: validate reports the two as different, quoting both.
        .replace(
          '# SPEC-0001: Runner Infrastructure',
          '# SPEC-0001: Runner \u001b]0;pwned\u0007\u001b[2JInfra',
        )
        .replace('### Requirement: Monitoring', '### Requirement: Moni\u009b8mtoring\u0008\u0008'),
    );
  }, 60_000);

  it.each([
    ['list'],
    ['show', 'SPEC-0001'],
    ['show', 'SPEC-0001/REQ-003'],
    ['trace', 'SPEC-0001'],
    ['graph'],
    ['graph', '--format', 'dot'],
    ['validate'],
  ])('papertrail %s shows them as \\u escapes', (...args) => {
    const r = cli(args, { cwd: ws });
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).toMatch(
      args[0] === 'show' && args[1]!.includes('/') ? /Moni\\u009b8mtoring\\u0008/ : /pwned/,
    );
    if (!args[1]?.includes('/')) expect(r.stdout).toContain(OSC);
  });

  it('escapes them in errors and warnings too', () => {
    const r = cli(['show', 'SPEC-0001/REQ-9\u001b[2J'], { cwd: ws });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('SPEC-0001 has no requirement REQ-9\\u001b[2J');
    expect(r.stderr).not.toMatch(RAW);
  });

  it('keeps --json exact: the title parses back with its control characters', () => {
    for (const args of [
      ['list', '--json'],
      ['show', 'SPEC-0001', '--json'],
      ['validate', '--json'],
    ]) {
      const r = cli(args, { cwd: ws });
      expect(r.stdout).not.toMatch(RAW);
      JSON.parse(r.stdout);
    }
    const list = JSON.parse(cli(['list', '--json'], { cwd: ws }).stdout);
    const spec = list.documents.find((d: { id: string }) => d.id === 'SPEC-0001');
    expect(spec.title).toBe('Runner \u001b]0;pwned\u0007\u001b[2J\u0000Infra');
    const show = JSON.parse(cli(['show', 'SPEC-0001/REQ-003', '--json'], { cwd: ws }).stdout);
    expect(show.document.requirementList[0].name).toBe('Moni\u009b8mtoring\u0008\u0008');
  });
});

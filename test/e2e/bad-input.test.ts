import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, ROOT, snapshot, tempDir } from '../helpers/cli.js';

const REQUESTS = join(ROOT, 'examples/seed-000');

// Every refusal: a stable code, a hint, a location where there is one, the design's exit code,
// and not one byte changed on disk.
describe('bad input', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    expect(cli(['init'], { cwd: dir }).code).toBe(0);
    expect(cli(['propose', '--from', join(REQUESTS, 'prop-0001.yaml')], { cwd: dir }).code).toBe(0);
  });

  function refused(
    args: string[],
    code: number,
    errorCode: string,
    extra: (stderr: string) => void = () => {},
  ) {
    const before = snapshot(dir);
    const r = cli(args, { cwd: dir });
    expect(r.stderr).toContain(`error ${errorCode}:`);
    expect(r.stderr).toContain('hint:');
    expect(r.code).toBe(code);
    extra(r.stderr);
    expect(snapshot(dir)).toEqual(before);
    return r;
  }

  it('malformed YAML in a request file points at the line', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'title: X\nproblem: [unclosed\ngoals: []\n');
    refused(['propose', '--from', 'bad.yaml'], 2, 'input/yaml-syntax', (e) =>
      expect(e).toMatch(/^bad\.yaml:\d+:\d+: /m),
    );
  });

  it('an unknown field is refused with its position', () => {
    writeFileSync(
      join(dir, 'extra.yaml'),
      'title: X\nproblem: P\ngoals: [g]\nrecommendation: r\nmotivation: oops\n',
    );
    refused(['propose', '--from', 'extra.yaml'], 2, 'input/unknown-field', (e) => {
      expect(e).toContain('extra.yaml:5:1: ');
      expect(e).toContain('unknown field "motivation"');
    });
  });

  it('a statement without SHALL/MUST is refused before anything is written', () => {
    writeFileSync(
      join(dir, 'weak.yaml'),
      'proposal: PROP-0001\nrequirements:\n  - name: A\n    statement: The system scales.\n    scenarios: [{name: s, given: g, when: w, then: t}]\n',
    );
    refused(['spec', '--from', 'weak.yaml', '--force'], 2, 'input/invalid', (e) => {
      expect(e).toContain('weak.yaml:4:16: ');
      expect(e).toContain('SHALL or MUST');
    });
  });

  it('a missing request file', () => {
    refused(['propose', '--from', 'nope.yaml'], 3, 'file/not-found');
  });

  it('an ID that does not exist lists what does', () => {
    refused(
      ['spec', 'PROP-0042', '--requirement', 'A: It SHALL x', '--scenario', 's: WHEN a THEN b'],
      3,
      'doc/not-found',
      (e) => expect(e).toContain('Available: PROP-0001'),
    );
    refused(['show', 'SPEC-0009'], 3, 'doc/not-found');
    refused(['status', 'PROP-0007', 'approved'], 3, 'doc/not-found');
  });

  it('a title that would escape the docs root', () => {
    refused(
      [
        'propose',
        '--title',
        'x',
        '--slug',
        '../../etc/passwd',
        '--problem',
        'p',
        '--goal',
        'g',
        '--recommendation',
        'r',
      ],
      2,
      'input/bad-slug',
    );
    refused(
      ['propose', '--title', '../..', '--problem', 'p', '--goal', 'g', '--recommendation', 'r'],
      2,
      'input/bad-slug',
    );
  });

  it('a dependency on an unknown requirement', () => {
    refused(
      [
        'spec',
        'PROP-0001',
        '--force',
        '--requirement',
        'A: It SHALL x',
        '--scenario',
        's: GIVEN g WHEN a THEN b',
        '--depends-on',
        'Nonexistent',
      ],
      2,
      'ref/broken',
    );
  });

  it('missing input without a terminal is a usage error, not an interview', () => {
    refused(['propose', '--title', 'Only a title'], 2, 'usage/missing-input');
  });

  it('a file that is not UTF-8 is reported with its location by validate', () => {
    mkdirSync(join(dir, 'docs/specs'), { recursive: true });
    writeFileSync(
      join(dir, 'docs/specs/SPEC-0001-latin.md'),
      Buffer.from('---\nstatus: draft\n---\n# Caf\xe9\n', 'latin1'),
    );
    const r = cli(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('docs/specs/SPEC-0001-latin.md:4:6 error file/not-utf8');

    // list shows what it can read and says what it left out, instead of a broken spec looking absent.
    const list = cli(['list'], { cwd: dir });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('PROP-0001');
    expect(list.stderr).toContain(
      'warning: 1 file(s) under docs/ not listed (docs/specs/SPEC-0001-latin.md: file/not-utf8)',
    );
    expect(JSON.parse(cli(['list', '--json'], { cwd: dir }).stdout).skipped).toEqual([
      expect.objectContaining({ file: 'docs/specs/SPEC-0001-latin.md', code: 'file/not-utf8' }),
    ]);
  });

  it('a second document with the same title needs --allow-duplicate', () => {
    refused(
      [
        'propose',
        '--title',
        'Runner Infrastructure',
        '--problem',
        'p',
        '--goal',
        'g',
        '--recommendation',
        'r',
      ],
      3,
      'doc/duplicate-title',
      (e) => expect(e).toContain('PROP-0001 (docs/proposals/PROP-0001-runner-infrastructure.md)'),
    );
    expect(
      cli(
        [
          'propose',
          '--title',
          'Runner Infrastructure',
          '--problem',
          'p',
          '--goal',
          'g',
          '--recommendation',
          'r',
          '--allow-duplicate',
        ],
        { cwd: dir },
      ).code,
    ).toBe(0);
  });

  it('init refuses to clobber a workspace', () => {
    refused(['init'], 3, 'workspace/exists');
  });

  it('a broken papertrail.yaml is reported with its location', () => {
    writeFileSync(join(dir, 'papertrail.yaml'), 'version: 1\ndocs: docs\nfrge: local\n');
    refused(['list'], 2, 'input/unknown-field', (e) => expect(e).toContain('papertrail.yaml:3:1: '));
  });

  it('unknown flags and verbs are usage errors (exit 2)', () => {
    expect(cli(['propose', '--bogus'], { cwd: dir }).code).toBe(2);
    expect(cli(['frobnicate'], { cwd: dir }).code).toBe(2);
  });

  it('--json errors are machine-readable', () => {
    const r = cli(['show', 'SPEC-0404', '--json'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'doc/not-found', exit: 3 } });
  });
});

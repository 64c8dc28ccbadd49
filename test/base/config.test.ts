import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultConfig,
  executionSettings,
  findWorkspace,
  isPtError,
  type PtError,
  parseConfig,
  pollSeconds,
} from '../../src/base/index.js';

function refuse(text: string): PtError {
  try {
    parseConfig(text, 'papertrail.yaml');
  } catch (e) {
    if (isPtError(e)) return e;
    throw e;
  }
  throw new Error('expected parseConfig to refuse');
}

describe('execution settings', () => {
  it('reads lease, heartbeat, idle, reschedule, retry and required checks; defaults without them', () => {
    const c = parseConfig(
      [
        'execution:',
        '  leaseSeconds: 60',
        '  heartbeatSeconds: 15',
        '  idleSeconds: 0',
        '  rescheduleSeconds: 30',
        '  retry: { maxAttempts: 5, backoffMs: 0, maxBackoffMs: 1000 }',
        '  ci:',
        '    required: [Tests, " Lint "]',
        '',
      ].join('\n'),
      'papertrail.yaml',
    );
    expect(executionSettings(c)).toEqual({
      leaseSeconds: 60,
      heartbeatSeconds: 15,
      idleSeconds: 0,
      rescheduleSeconds: 30,
      retry: { maxAttempts: 5, backoffMs: 0, maxBackoffMs: 1000 },
      ci: { required: ['Tests', 'Lint'] },
    });
    expect(executionSettings(defaultConfig())).toEqual({
      leaseSeconds: 300,
      idleSeconds: 5,
      rescheduleSeconds: 60,
      retry: { maxAttempts: 3, backoffMs: 10_000, maxBackoffMs: 600_000 },
      ci: {},
    });
  });

  it.each([
    ['execution:\n  leaseSeconds: 0\n', 2, 17, /"execution.leaseSeconds" must be at least 1 seconds/],
    ['execution:\n  leaseSeconds: 1.5\n', 2, 17, /whole number/],
    ['execution:\n  leaseSeconds: 30\n  heartbeatSeconds: 30\n', 3, 21, /shorter than leaseSeconds/],
    ['execution:\n  retry:\n    maxAttempts: 0\n', 3, 18, /"execution.retry.maxAttempts" must be at least 1/],
    ['execution:\n  retry:\n    backoffMs: 500\n    maxBackoffMs: 100\n', 4, 19, /at least backoffMs/],
    ['execution:\n  retry:\n    tries: 2\n', 3, 5, /unknown field "execution.retry.tries"/],
    ['execution:\n  ci:\n    required: [Tests, ""]\n', 3, 23, /must not be empty/],
    ['execution:\n  leaseSeconds: "60"\n', 2, 17, /number/],
  ])('refuses %j at line %i, column %i', (text, line, column, message) => {
    const e = refuse(text);
    expect(e.code).toBe(/unknown field/.test(String(message)) ? 'input/unknown-field' : 'config/invalid');
    expect(e.message).toMatch(message);
    expect(e.location).toEqual({ file: 'papertrail.yaml', line, column });
  });
});

describe('parseConfig', () => {
  it('fills defaults for an empty file', () => {
    expect(parseConfig('', 'papertrail.yaml')).toEqual({
      version: 1,
      docs: 'docs',
      forge: 'local',
      repo: null,
      ids: {},
      authors: [],
      governance: { runbooks: 'optional' },
    });
    expect(defaultConfig()).toEqual(parseConfig('# only a comment\n', 'papertrail.yaml'));
  });

  it('reads every field', () => {
    const c = parseConfig(
      'version: 1\ndocs: decisions\nforge: github\nrepo: org/name\nids:\n  proposal: RFC\n  requirement: R\nauthors: ["@me"]\ngovernance:\n  runbooks: required\nexecution:\n  workflow: tasks.md\n',
      'papertrail.yaml',
    );
    expect(c).toEqual({
      version: 1,
      docs: 'decisions',
      forge: 'github',
      repo: 'org/name',
      ids: { proposal: 'RFC', requirement: 'R' },
      authors: ['@me'],
      governance: { runbooks: 'required' },
      execution: {
        workflow: 'tasks.md',
        leaseSeconds: 300,
        idleSeconds: 5,
        rescheduleSeconds: 60,
        retry: { maxAttempts: 3, backoffMs: 10_000, maxBackoffMs: 600_000 },
        ci: {},
      },
    });
  });

  it('refuses an unknown top-level field, naming it and pointing at it', () => {
    const e = refuse('version: 1\ndocs: docs\nbogus: 1\n');
    expect(e.code).toBe('input/unknown-field');
    expect(e.message).toBe('papertrail.yaml: unknown field "bogus"');
    expect(e.location).toEqual({ file: 'papertrail.yaml', line: 3, column: 1 });
    expect(e.exit).toBe(2);
  });

  it('refuses an unknown nested field at its line and column', () => {
    const e = refuse('docs: docs\nids:\n  proposal: RFC\n  specs: DES\n');
    expect(e.code).toBe('input/unknown-field');
    expect(e.message).toBe('papertrail.yaml: unknown field "ids.specs"');
    expect(e.location).toEqual({ file: 'papertrail.yaml', line: 4, column: 3 });
  });

  it('refuses a governance.runbooks value other than required or optional, at the value', () => {
    const e = refuse('governance:\n  runbooks: yes\n');
    expect(e.message).toMatch(/governance\.runbooks/);
    expect(e.location).toEqual({ file: 'papertrail.yaml', line: 2, column: 13 });
  });

  it('points a bad value at the value', () => {
    const forge = refuse('docs: docs\nforge: gitlab\n');
    expect(forge.code).toBe('config/invalid');
    expect(forge.message).toMatch(/^papertrail\.yaml: "forge" /);
    expect(forge.location).toEqual({ file: 'papertrail.yaml', line: 2, column: 8 });
    const prefix = refuse('ids:\n  spec: lower\n');
    expect(prefix.location).toEqual({ file: 'papertrail.yaml', line: 2, column: 9 });
    expect(prefix.message).toContain('an ID prefix is 1-10 upper-case letters');
    expect(refuse('repo: not a repo\n').location).toMatchObject({ line: 1, column: 7 });
    expect(refuse('version: 2\n').code).toBe('config/invalid');
  });

  it('reads ops.pollSeconds (30 by default, 0 turns polling off) and refuses a bad one at its value', () => {
    expect(pollSeconds(defaultConfig())).toBe(30);
    expect(pollSeconds(parseConfig('ops:\n  pollSeconds: 0\n', 'papertrail.yaml'))).toBe(0);
    expect(pollSeconds(parseConfig('ops:\n  pollSeconds: 120\n', 'papertrail.yaml'))).toBe(120);
    for (const [value, says] of [
      ['-1', 'must be at least 0 seconds'],
      ['1.5', 'must be a whole number'],
      ['86401', 'must be at most 86400 seconds'],
      ['soon', 'number'],
    ] as const) {
      const e = refuse(`ops:\n  pollSeconds: ${value}\n`);
      expect([e.code, e.location], value).toEqual([
        'config/invalid',
        { file: 'papertrail.yaml', line: 2, column: 16 },
      ]);
      expect(e.message).toContain(says);
    }
  });

  it('names the other problems in the hint, with their lines, and lists them all in details', () => {
    const e = refuse('forge: x\nrepo: y\n');
    expect(e.hint).toMatch(/^Also: "repo" .* \(line 2\)\.$/);
    expect((e.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['forge', 'repo']);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    const syntax = refuse('docs: docs\nids: [\n');
    expect(syntax.code).toBe('config/yaml-syntax');
    expect(syntax.location?.line).toBeGreaterThanOrEqual(2);
    const dup = refuse('docs: a\nforge: local\ndocs: b\n');
    expect(dup.code).toBe('config/yaml-syntax');
    expect(dup.location).toEqual({ file: 'papertrail.yaml', line: 3, column: 1 });
  });

  it('refuses an alias bomb as bad YAML instead of crashing', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 6; i++) {
      const [p, c] = ['abcdefg'[i], 'bcdefgh'[i]];
      lines.push(`${c}: &${c} [${Array(10).fill(`*${p}`).join(', ')}]`);
    }
    const e = refuse(`${lines.join('\n')}\n`);
    expect(e.code).toBe('config/yaml-syntax');
    expect(e.exit).toBe(2);
  });

  it.each([
    '../docs',
    '/abs/docs',
    'docs/../../x',
    'a\\..\\b',
    '..',
  ])('refuses docs root %j outside the workspace', (d) => {
    const e = refuse(`version: 1\ndocs: ${JSON.stringify(d)}\n`);
    expect(e.code).toBe('config/docs-outside');
    expect(e.exit).toBe(2);
    expect(e.message).toBe(`docs root "${d}" must be a folder inside the workspace`);
    expect(e.location).toEqual({ file: 'papertrail.yaml', line: 2, column: 7 });
  });

  it.each(['docs', 'decisions', 'docs/papertrail', './docs', 'a..b'])('accepts docs root %j', (d) => {
    expect(parseConfig(`docs: ${JSON.stringify(d)}\n`, 'papertrail.yaml').docs).toBe(d);
  });
});

describe('findWorkspace', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pt-ws-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('walks up to the nearest papertrail.yaml', () => {
    writeFileSync(join(root, 'papertrail.yaml'), 'docs: decisions\n');
    mkdirSync(join(root, 'a/b'), { recursive: true });
    const ws = findWorkspace(join(root, 'a/b'));
    expect(ws).toMatchObject({ root, initialized: true, docsRoot: join(root, 'decisions') });
    expect(ws.config.docs).toBe('decisions');
  });

  it('reports config errors with the path relative to where it was run', () => {
    writeFileSync(join(root, 'papertrail.yaml'), 'bogus: 1\n');
    mkdirSync(join(root, 'sub'));
    let err: unknown;
    try {
      findWorkspace(join(root, 'sub'));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'input/unknown-field',
      location: { file: '../papertrail.yaml', line: 1, column: 1 },
    });
  });

  it('infers the layout without a config: decisions/ when there is no docs/', () => {
    mkdirSync(join(root, 'decisions'));
    expect(findWorkspace(root)).toMatchObject({
      root,
      initialized: false,
      docsRoot: join(root, 'decisions'),
    });
    mkdirSync(join(root, 'docs'));
    expect(findWorkspace(root).docsRoot).toBe(join(root, 'docs'));
  });
});

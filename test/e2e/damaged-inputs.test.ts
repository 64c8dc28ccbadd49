import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, plannedRepo, ROOT, seedWorkspace } from '../helpers/cli.js';

const PROP = join(ROOT, 'examples/seed-000/prop-0001.yaml');
const DEPS = '.github/spec/dependencies.yaml';

describe('a document that cannot be read', () => {
  it.each([
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe])],
    ['Latin-1', Buffer.from('---\nid: PROP-0002\ntitle: Caf\xe9\n---\n\n# Caf\xe9\n', 'latin1')],
  ])('%s: show and status say it is unreadable, and its number is not handed out again', (_, bytes) => {
    const ws = seedWorkspace({ spec: false });
    const file = 'docs/proposals/PROP-0002-damaged.md';
    writeFileSync(join(ws, file), bytes);
    for (const args of [
      ['show', 'PROP-0002'],
      ['status', 'PROP-0002', 'approved'],
    ]) {
      const r = cli(args, { cwd: ws });
      expect(r.stderr).toMatch(
        new RegExp(`^${file}:\\d+:\\d+: error doc/unreadable: PROP-0002 cannot be read: `),
      );
      expect(r.stderr).toContain('is not valid UTF-8');
      expect(r.stderr).not.toContain('does not exist');
      expect(r.code).toBe(1);
    }
    const made = cli(['propose', '--from', PROP, '--allow-duplicate', '--json'], { cwd: ws });
    expect(made.stderr).toBe('');
    expect(JSON.parse(made.stdout).id).toBe('PROP-0003');
  });
});

// One planned repository for the rest, in order: implement first (the tree must be clean), then plan
// with a broken dependencies file.
let repo: string;
beforeAll(() => {
  repo = plannedRepo().repo;
});

describe("a killed write's temporary file does not block implement", () => {
  const deadPid = () => {
    const p = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    return Number(p.stdout);
  };

  it('one of a dead process is removed; one of a live process still counts as a change', async () => {
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const liveTemp = join(repo, `.github/spec/.spec.md.${live.pid}.0a1b2c3d.tmp`);
      writeFileSync(liveTemp, 'half a spec');
      const busy = cli(['implement', '2'], { cwd: repo });
      expect(busy.stderr).toContain('error implement/dirty');
      expect(busy.code).toBe(3);
      expect(existsSync(liveTemp)).toBe(true);
      live.kill('SIGKILL');
      await new Promise((resolve) => live.once('exit', resolve));

      const deadTemp = join(repo, `.github/spec/.spec.md.${deadPid()}.deadbeef.tmp`);
      writeFileSync(deadTemp, 'half a spec');
      const r = cli(['implement', '2'], { cwd: repo });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readdirSync(join(repo, '.github/spec')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      live.kill('SIGKILL');
    }
  });
});

describe('a damaged .github/spec/dependencies.yaml is a located error, not a bug', () => {
  const bomb = () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 6; i++) {
      const [p, c] = ['abcdefg'[i], 'bcdefgh'[i]];
      lines.push(`${c}: &${c} [${Array(10).fill(`*${p}`).join(', ')}]`);
    }
    return `${lines.join('\n')}\ndependencies: *g\n`;
  };

  it('an alias bomb, bad YAML or a wrong shape: code, file, line and column', () => {
    for (const [text, first] of [
      [
        bomb(),
        `${DEPS}:2:8: error dependencies/yaml-syntax: ${DEPS} is not valid YAML: Excessive alias count`,
      ],
      [
        'dependencies:\n  - spec: SPEC-0002\n    repo: [unclosed\n',
        `${DEPS}:4:1: error dependencies/yaml-syntax:`,
      ],
      [
        'dependencies:\n  - spec: SPEC-0002\n    url: https://example.com/x.git\n',
        `${DEPS}:2:5: error dependencies/invalid: ${DEPS}: "dependencies.0.repo" is required`,
      ],
    ] as const) {
      writeFileSync(join(repo, DEPS), text);
      const r = cli(['plan'], { cwd: repo });
      expect(r.stderr.split('\n')[0]).toContain(first);
      expect(r.stderr).not.toContain('internal');
      expect(r.code).toBe(2);
    }
  });
});

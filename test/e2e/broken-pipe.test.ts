import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, seedWorkspace, tempDir } from '../helpers/cli.js';

const ENV = { ...process.env, PAPERTRAIL_TODAY: '2026-11-23', NO_COLOR: '1', CI: '1' };

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the CLI with stdout a pipe whose reading end is closed before the CLI writes anything. */
function intoClosedPipe(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    p.stdout.destroy();
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function expectQuiet(r: Run): void {
  expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
  expect(r.stderr).toBe('');
  // As `git log | head` under a shell: 128 + SIGPIPE.
  expect({ code: r.code, signal: r.signal }).toEqual({ code: 141, signal: null });
}

describe('output into a pipe its reader closed', () => {
  let ws: string;
  beforeAll(() => {
    ws = seedWorkspace();
  });

  for (const args of [
    ['list'],
    ['list', '--json'],
    ['show', 'SPEC-0001'],
    ['trace', 'SPEC-0001'],
    ['graph'],
    ['validate'],
    ['validate', '--json'],
    ['--help'],
    ['--version'],
  ]) {
    it(`papertrail ${args.join(' ')}: no stack trace, exit 141`, async () => {
      expectQuiet(await intoClosedPipe(args, ws));
    });
  }

  it('through a shell: `set -o pipefail; papertrail list | true` fails with 141, nothing on stderr', () => {
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" list | true; echo "status $?"`],
      { cwd: ws, env: ENV, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('status 141\n');
  });

  it('a long list cut short by `| head -c 100`, the reader leaving while the CLI still writes', () => {
    // Far more than a pipe holds (64 KiB): the CLI is blocked in its write when head exits.
    const dir = join(ws, 'docs', 'proposals');
    const file = readdirSync(dir).find((f) => f.startsWith('PROP-0001'))!;
    const text = readFileSync(join(dir, file), 'utf8');
    for (let n = 2; n <= 900; n++) {
      const id = `PROP-${String(n).padStart(4, '0')}`;
      writeFileSync(join(dir, `${id}-copy.md`), text.replaceAll('PROP-0001', id));
    }
    const r = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${BIN}" list --json | head -c 100 >/dev/null; echo "status $?"`,
      ],
      { cwd: ws, env: ENV, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('status 141\n');
  });

  it('papertrail --help names the exit codes, 141 and 130 among them', () => {
    const r = cli(['--help'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('130 interrupted (Ctrl-C), 141 output cut short');
  });

  it('an error still has its own exit code and message on stderr', async () => {
    const r = await intoClosedPipe(['show', 'SPEC-0999'], ws);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('SPEC-0999');
    expect(r.stderr).not.toMatch(/EPIPE/);
  });
});

describe('plan into a closed pipe', () => {
  it('writes every issue, leaves no lock and exits quietly', async () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    expectQuiet(await intoClosedPipe(['plan'], repo));
    const after = cli(['plan', '--dry-run'], { cwd: repo });
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('Would write 0 change(s)');
    expect(after.stdout).toMatch(/#4 Monitoring/);
    const locks = readdirSync(join(repo, '.papertrail'), { recursive: true }).filter((f) =>
      String(f).endsWith('.lock'),
    );
    expect(locks).toEqual([]);
  });
});

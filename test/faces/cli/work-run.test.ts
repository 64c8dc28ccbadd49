// `work run` on the command line: its flags, what it prints, its exit status, and a real process
// stopped by SIGINT or SIGTERM while a command runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseWorkRunFlags, registerWorkRun } from '../../../src/faces/cli/commands/work-run.js';
import { newProgram, runProgram } from '../../../src/faces/cli/program.js';
import { runEventPrinter } from '../../../src/faces/cli/run-events.js';
import { ROOT } from '../../helpers/cli.js';
import { FakeExecutorOps } from '../../helpers/fake-executor-ops.js';
import { scratchWorkspace, scratchWorkspaceEach } from '../../helpers/runner-workspace.js';

describe('work run: flags', () => {
  it("takes papertrail.yaml's execution settings where a flag is not given", () => {
    const defaults = { leaseMs: 60_000, idleMs: 1_000, heartbeatMs: 15_000, rescheduleMs: 30_000 };
    expect(parseWorkRunFlags({ executor: 'a', command: 'true' }, defaults).options).toMatchObject(defaults);
    expect(
      parseWorkRunFlags({ executor: 'a', command: 'true', lease: '120', idle: '0' }, defaults).options,
    ).toMatchObject({ leaseMs: 120_000, idleMs: 0, heartbeatMs: 15_000, rescheduleMs: 30_000 });
  });

  it('reads seconds into milliseconds, with the defaults', () => {
    expect(parseWorkRunFlags({ executor: 'agent-1', command: './go.sh' })).toEqual({
      options: {
        executor: 'agent-1',
        command: './go.sh',
        leaseMs: 300_000,
        idleMs: 5_000,
        once: false,
        untilIdle: false,
      },
      json: false,
    });
    const all = parseWorkRunFlags({
      executor: 'a',
      command: 'true',
      lease: '60',
      idle: '0',
      timeout: '1.5',
      maxAttempts: '4',
      once: true,
      untilIdle: true,
      json: true,
    });
    expect(all.options).toMatchObject({ leaseMs: 60_000, idleMs: 0, timeoutMs: 1_500, maxAttempts: 4 });
    expect(all.options).toMatchObject({ once: true, untilIdle: true });
    expect(all.json).toBe(true);
  });

  it.each([
    [{ command: 'true' }, 'usage/missing-flag', '--executor'],
    [{ executor: 'a', command: '  ' }, 'usage/missing-flag', '--command'],
    [{ executor: 'a', command: 'true', lease: '0' }, 'usage/bad-seconds', '--lease'],
    [{ executor: 'a', command: 'true', lease: '5m' }, 'usage/bad-seconds', '--lease'],
    [{ executor: 'a', command: 'true', lease: '9999999' }, 'usage/bad-seconds', '--lease'],
    [{ executor: 'a', command: 'true', idle: '-1' }, 'usage/bad-seconds', '--idle'],
    [{ executor: 'a', command: 'true', timeout: '0' }, 'usage/bad-seconds', '--timeout'],
    [{ executor: 'a', command: 'true', maxAttempts: '1.5' }, 'usage/bad-number', '--max-attempts'],
  ])('refuses %j', (raw, code, flag) => {
    let err: unknown;
    try {
      parseWorkRunFlags(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code, exit: 2 });
    expect((err as Error).message).toContain(flag);
    expect((err as { hint?: string }).hint).toBeTruthy();
  });
});

describe('work run: in the program', () => {
  let ws: ReturnType<typeof scratchWorkspace>;
  let out: string;
  let err: string;
  beforeEach(() => {
    ws = scratchWorkspace();
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out += String(s);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      err += String(s);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect(ws.leftovers()).toEqual([]);
    ws.remove();
  });

  async function run(ops: FakeExecutorOps, args: string[]): Promise<number> {
    let code = 0;
    const program = newProgram();
    const setCode = (n: number) => {
      code = n;
    };
    registerWorkRun({ program, argv: args, run: (p) => p.then(setCode) }, (use) => use(ops, ws.root));
    return runProgram(program, args, () => code);
  }

  it('--json prints one event a line on stdout, and the output prefixed on stderr', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2, 'review');
    const code = await run(ops, [
      'work',
      'run',
      '--executor',
      'a',
      '--command',
      'echo hi',
      '--until-idle',
      '--json',
    ]);
    expect(code).toBe(0);
    const events = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.event)).toEqual(['claimed', 'started', 'completed', 'stopped']);
    expect(events[0]).toMatchObject({ issue: 2, stepKey: 'review', attemptId: 1, leaseMs: 300_000 });
    expect(typeof events[0]!.at).toBe('string');
    expect(events[3]).toMatchObject({ why: 'idle', summary: { claimed: 1, completed: 1 } });
    expect(err).toBe('[#2 review] hi\n');
  });

  it('says what happens in text on stderr and exits 1 when an attempt failed', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2);
    ops.queue(3);
    const code = await run(ops, [
      'work',
      'run',
      '--executor',
      'a',
      '--command',
      'echo "step $PAPERTRAIL_STEP"; [ "$PAPERTRAIL_ISSUE" = 2 ]',
      '--until-idle',
    ]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.split('\n')).toEqual([
      'claimed #2 implement (attempt 1), lease 300s',
      '[#2 implement] step implement',
      expect.stringMatching(/^#2 implement \(attempt 1\): completed in \d+(\.\d)?s$/),
      'claimed #3 implement (attempt 2), lease 300s',
      '[#3 implement] step implement',
      '#3 implement (attempt 2): failed: the command exited with code 1',
      'stopped (nothing ready): 2 claimed, 1 completed, 1 failed, 0 given up',
      '',
    ]);
  });

  it('refuses a missing --command with exit 2 and a hint, claiming nothing', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2);
    expect(await run(ops, ['work', 'run', '--executor', 'a'])).toBe(2);
    expect(err).toContain('error usage/missing-flag: work run needs --command');
    expect(err).toContain('hint:');
    expect(ops.calls).toEqual([]);
  });

  it('says a wait once, not at every empty claim', () => {
    const lines: string[] = [];
    const print = runEventPrinter({ json: false }, { stdout: () => {}, stderr: (s) => lines.push(s) });
    const ref = { attemptId: 1, workItemId: 20, issue: 2, stepKey: 'implement', attemptNumber: 1 };
    print({ type: 'idle', waitMs: 5_000 });
    print({ type: 'idle', waitMs: 5_000 });
    print({ type: 'claimed', leaseMs: 1_500, ...ref });
    print({ type: 'heartbeat', ...ref });
    print({ type: 'idle', waitMs: 5_000 });
    expect(lines).toEqual([
      'nothing ready; claiming again every 5s\n',
      'claimed #2 implement (attempt 1), lease 1.5s\n',
      'nothing ready; claiming again every 5s\n',
    ]);
  });
});

// The fixture is bundled once (Node 20 cannot run TypeScript), inside node_modules/.cache so that its
// packages resolve.
let fixture: Promise<string> | undefined;
function bundleFixture(): Promise<string> {
  fixture ??= (async () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'papertrail-tests');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'work-run-cli.mjs');
    const building = join(dir, `work-run-cli-${process.pid}.mjs`);
    await build({
      entryPoints: [join(ROOT, 'test/faces/cli/fixtures/work-run-cli.ts')],
      outfile: building,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    renameSync(building, outfile);
    return outfile;
  })();
  return fixture;
}

describe('work run: stopped by a signal', () => {
  const ws = scratchWorkspaceEach();

  it.each([
    ['SIGINT', false],
    ['SIGTERM', false],
    ['SIGINT', true],
  ] as const)("%s stops the command, fails its attempt as stopped and exits 128 + the signal (main's Ctrl-C handler: %s)", async (signal, mainInterrupt) => {
    const entry = await bundleFixture();
    const child: ChildProcess = spawn(
      process.execPath,
      [entry, 'work', 'run', '--executor', 'a', '--command', 'echo started; sleep 5', '--json'],
      {
        cwd: ws.root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PT_MAIN_INTERRUPT: mainInterrupt ? '1' : '0' },
      },
    );
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const t0 = Date.now();
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('[#2 implement] started')) resolve();
      }),
    );
    child.kill(signal);
    expect(await exit).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(Date.now() - t0).toBeLessThan(4_000);
    const fakeLine = out.split('\n').find((l) => l.startsWith('FAKE '))!;
    const fake = JSON.parse(fakeLine.slice(5)) as { status: string; outcome?: object }[];
    // main's handler says "Interrupted" as a JSON error of its own; the events are one-line objects.
    const lines = out.split('\n').filter((l) => l.startsWith('{"event"'));
    expect(fake.map((a) => a.status)).toEqual(['failed', 'queued']);
    expect(fake[0]!.outcome).toMatchObject({
      reason: 'executor stopped',
      signal: 'SIGTERM',
      output: 'started',
    });
    const events = lines.map((l) => JSON.parse(l) as { event: string; why?: string });
    expect(events.map((e) => e.event)).toEqual(['claimed', 'started', 'terminating', 'failed', 'stopped']);
    expect(events.at(-1)!.why).toBe('signal');
  });
});

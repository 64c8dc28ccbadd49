import { BIN } from './cli.js';

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]|\u001b[=>78]/g;

/**
 * Whether node-pty (an optional dependency that compiles natively) is installed. CI installs the build
 * tools, so there a missing node-pty is a failure; on a laptop without a compiler the pty tests skip.
 */
export async function ptyAvailable(suite: string): Promise<boolean> {
  try {
    await import('node-pty');
    return true;
  } catch (e) {
    if (process.env.CI && process.env.CI !== 'false')
      throw new Error(`${suite}: node-pty is required in CI but failed to load: ${String(e)}`);
    console.warn(`skipping ${suite}: node-pty is not installed (it needs python3, make and a C++ compiler)`);
    return false;
  }
}

/** Drives the CLI on a real pseudo-terminal: waits for each question, then types the answer. */
export class PtySession {
  private out = '';
  /** Everything the program wrote, escape sequences included. */
  private raw = '';
  private seen = 0;
  readonly exited: Promise<number>;
  private proc: import('node-pty').IPty;

  private constructor(proc: import('node-pty').IPty) {
    this.proc = proc;
    proc.onData((d) => {
      this.raw += d;
      this.out += d.replace(ANSI, '');
    });
    this.exited = new Promise((resolve) => proc.onExit((e) => resolve(e.exitCode)));
  }

  static async start(
    args: string[],
    cwd: string,
    env: Record<string, string> = {},
    size: { cols: number; rows: number } = { cols: 240, rows: 60 },
  ): Promise<PtySession> {
    const pty = await import('node-pty');
    const clean = { ...process.env };
    delete clean.CI;
    const proc = pty.spawn(process.execPath, [BIN, ...args], {
      name: 'xterm-256color',
      cols: size.cols,
      rows: size.rows,
      cwd,
      env: { ...clean, PAPERTRAIL_TODAY: '2026-11-23', ...env } as Record<string, string>,
    });
    return new PtySession(proc);
  }

  /** Waits until `text` appears after everything matched so far. */
  async waitFor(text: string, timeoutMs = 15_000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const at = this.out.indexOf(text, this.seen);
      if (at >= 0) {
        this.seen = at + text.length;
        return;
      }
      if (Date.now() - start > timeoutMs) {
        throw new Error(`Timed out waiting for "${text}". Output so far:\n${this.out.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async answer(question: string, text: string): Promise<void> {
    await this.waitFor(question);
    await new Promise((r) => setTimeout(r, 30));
    this.proc.write(text);
    await new Promise((r) => setTimeout(r, 30));
    this.proc.write('\r');
  }

  write(s: string): void {
    this.proc.write(s);
  }

  get output(): string {
    return this.out;
  }

  get rawOutput(): string {
    return this.raw;
  }

  kill(): void {
    try {
      this.proc.kill();
    } catch {
      // already gone
    }
  }
}

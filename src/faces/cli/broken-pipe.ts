// A reader that stops early (`papertrail list | head`) closes the pipe, and the next write to it
// fails with EPIPE; Node reports that as an unhandled 'error' event: a stack trace, and the process
// torn down wherever it was, a plan between two issue writes included. Papertrail instead does what
// `git log | head` does and goes quiet, but without stopping the work: the rest of the output is
// dropped, the command runs to its end (nothing it writes is cut short because its reader left),
// and the exit status is 141 (128 + SIGPIPE), the status a shell reports for git there. A command
// that fails anyway keeps its own exit code.

/** The exit status after the reader of stdout or stderr went away. */
export const BROKEN_PIPE_EXIT = 141;

const GUARDED = Symbol.for('papertrail.broken-pipe-guard');
let broken = false;

/** Whether a write to stdout or stderr found its reader gone. */
export function pipeBroken(): boolean {
  return broken;
}

export function quietOnBrokenPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const s = stream as NodeJS.WriteStream & { [GUARDED]?: true };
    if (s[GUARDED]) continue;
    s[GUARDED] = true;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // Any other failure of a standard stream is not ours to hide.
      if (e.code !== 'EPIPE') throw e;
      if (broken) return;
      broken = true;
      // The error arrives a tick after the write, possibly after the command has returned its code:
      // the status is settled when the process exits.
      process.on('exit', (code) => {
        if (code === 0) process.exitCode = BROKEN_PIPE_EXIT;
      });
    });
  }
}

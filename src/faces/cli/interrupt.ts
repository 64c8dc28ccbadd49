// Ctrl-C while a command runs (a prompt reads the key itself: see interview/asker.ts). Node's own
// SIGINT ends the process at once and silently, leaving any lock file behind for the next command
// to take over. Papertrail says it once, with exit status 130 (128 + SIGINT, what a shell reports),
// and lets a lock held over the store be let go first: the command stops when it releases the lock.
// A second Ctrl-C stops at once; locks are still removed as the process exits (file-lock.ts).
// SIGTERM (a process manager, `kill`) is heard the same way, with 143 (128 + SIGTERM): Node's own
// handling would end the process without its exit handlers, leaving the lock file, a command's
// process group and a run under way.
import { exitForSignal, PtError } from '../../base/errors.js';
import { exitHeld, exitHeldFor, whenExitAllowed } from '../../base/exit-guard.js';
import { reportError } from './io.js';

// Kept on `process` (not in this module) so that each bundle loaded in one process sees the one handler.
const INSTALLED = Symbol.for('papertrail.interrupt-handler');
type Marked = NodeJS.Process & { [INSTALLED]?: ((signal: NodeJS.Signals) => void) | 'handed-over' };

export function stopOnInterrupt(json: boolean): void {
  const p = process as Marked;
  if (p[INSTALLED]) return;
  // Installed before any lock, so it hears of the exit before locks are released on it.
  let exiting = false;
  process.on('exit', () => {
    exiting = true;
  });
  let interrupted = false;
  const onInterrupt = (signal: NodeJS.Signals) => {
    const status = exitForSignal(signal);
    if (interrupted) process.exit(status);
    interrupted = true;
    const waits = exitHeld();
    const why = exitHeldFor() ?? {
      doing: 'the store write under way',
      cutShort: 'the store then recovers as after a crash',
    };
    reportError(
      new PtError('interrupted', waits ? `Interrupted; stopping once ${why.doing} is done` : 'Interrupted', {
        hint: waits
          ? `Ctrl-C again stops at once (${why.cutShort}).`
          : 'Files written so far are whole; run the command again to finish.',
        exit: status,
      }),
      json,
    );
    whenExitAllowed(() => {
      // A lock let go on the way out (the command ended by itself meanwhile) must not cut the exit short.
      if (exiting) process.exitCode = status;
      else process.exit(status);
    });
  };
  p[INSTALLED] = onInterrupt;
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
}

/**
 * Runs `fn` with a signal that Ctrl-C or SIGTERM aborts, for a command that stops what it runs
 * itself (kills a command's process group, records a run canceled) rather than only exiting.
 */
export function abortOnInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  return fn(abort.signal).finally(() => {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  });
}

/**
 * For a command that, from here on, stops on Ctrl-C by itself: a server closes what it serves (the
 * runs in its process, the store) and ends as it does on SIGTERM. Until then (while it starts), an
 * interrupt is the CLI's, as for any command.
 */
export function handOverInterrupt(): void {
  const p = process as Marked;
  if (typeof p[INSTALLED] === 'function') {
    process.off('SIGINT', p[INSTALLED]);
    process.off('SIGTERM', p[INSTALLED]);
  }
  p[INSTALLED] = 'handed-over';
}

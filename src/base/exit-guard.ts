// Work our own exit must not cut in the middle of: while a lock file is held, an interrupt (Ctrl-C)
// waits for it to be let go instead of ending the process. A lock is held over the embedded store
// from open to close; ending inside would stop Postgres mid-write (recoverable, as after a crash, but
// not a way to stop on purpose). Each hold is short: nothing slow runs under a lock.

let held = 0;
let waiting: (() => void) | undefined;

/** Marks the start of such work; the function returned marks its end (calling it again is harmless). */
export function holdExit(): () => void {
  held++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    held--;
    if (held === 0 && waiting) {
      const go = waiting;
      waiting = undefined;
      go();
    }
  };
}

/** Whether some work holds off an exit now. */
export function exitHeld(): boolean {
  return held > 0;
}

/** Runs `fn` now, or as soon as the last hold ends. */
export function whenExitAllowed(fn: () => void): void {
  if (held === 0) fn();
  else waiting = fn;
}

// Work our own exit must not cut in the middle of: while a lock file is held, an interrupt (Ctrl-C)
// waits for it to be let go instead of ending the process. A lock is held over the embedded store
// from open to close; ending inside would stop Postgres mid-write (recoverable, as after a crash, but
// not a way to stop on purpose). Each hold is short: nothing slow runs under a lock.

/** What an interrupt waits for, as the person who pressed Ctrl-C is told. */
export interface ExitHold {
  /** What is under way: "the deploy of prod under way". */
  doing: string;
  /** What a second Ctrl-C does to it: "its command is killed half-way". */
  cutShort: string;
}

let held = 0;
let waiting: (() => void) | undefined;
const described: ExitHold[] = [];

/**
 * Marks the start of such work; the function returned marks its end (calling it again is harmless).
 * `why`, for work longer than a store write, is what an interrupt tells it waits for.
 */
export function holdExit(why?: ExitHold): () => void {
  held++;
  if (why) described.push(why);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    held--;
    if (why) described.splice(described.lastIndexOf(why), 1);
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

/** The described work holding off an exit now, the latest first; null when none says what it is. */
export function exitHeldFor(): ExitHold | null {
  return described.at(-1) ?? null;
}

/** Runs `fn` now, or as soon as the last hold ends. */
export function whenExitAllowed(fn: () => void): void {
  if (held === 0) fn();
  else waiting = fn;
}

/**
 * A reader that runs one at a time: a signal while it reads makes it read once more after, however
 * many signals came, so a burst of changes costs two reads, not one per change.
 */
export function coalesce(read: () => Promise<void>): {
  signal(): void;
  idle(): Promise<void>;
  settled(): Promise<void>;
} {
  let reading: Promise<void> | null = null;
  let again = false;
  /** Reads finished so far. */
  let done = 0;
  const waiting: { upTo: number; resolve: () => void }[] = [];
  const wake = () => {
    for (let i = waiting.length - 1; i >= 0; i--)
      if (!reading || done >= waiting[i]!.upTo) waiting.splice(i, 1)[0]!.resolve();
  };
  return {
    signal() {
      if (reading) {
        again = true;
        return;
      }
      reading = (async () => {
        do {
          again = false;
          await read().catch(() => {});
          done++;
          wake();
        } while (again);
        reading = null;
        wake();
      })();
    },
    idle: () => reading ?? Promise.resolve(),
    /**
     * Settles once what was signalled before the call is read: the read under way, and the one after
     * it when a signal came meanwhile; never a read signalled later, so a steady stream of changes
     * cannot hold the caller back for ever.
     */
    settled() {
      if (!reading) return Promise.resolve();
      return new Promise<void>((resolve) => waiting.push({ upTo: done + (again ? 2 : 1), resolve }));
    },
  };
}

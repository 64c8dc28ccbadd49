/**
 * A reader that runs one at a time: a signal while it reads makes it read once more after, however
 * many signals came, so a burst of changes costs two reads, not one per change.
 */
export function coalesce(read: () => Promise<void>): { signal(): void; idle(): Promise<void> } {
  let reading: Promise<void> | null = null;
  let again = false;
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
        } while (again);
        reading = null;
      })();
    },
    idle: () => reading ?? Promise.resolve(),
  };
}

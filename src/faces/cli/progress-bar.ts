/**
 * A one-line progress bar on stderr for long runs (a plan of hundreds of issues paced under GitHub's
 * limits takes minutes). Drawn only on a terminal, at most every 100 ms, and finished with a newline.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  let phase = '';
  return (e: { phase: string; done: number; total: number }) => {
    const now = Date.now();
    const end = e.done === e.total;
    if (e.phase !== phase) {
      phase = e.phase;
      last = 0;
    }
    if (!end && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = e.total ? Math.round((e.done / e.total) * width) : width;
    stream.write(
      `\r  ${e.phase.padEnd(6)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.done}/${e.total}${end ? '\n' : ''}`,
    );
  };
}

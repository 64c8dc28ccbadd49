// Entry point for the plain `papertrail work list [--json]`, built beside the full CLI (dist/work-list.js)
// and sharing its chunks. Scripts and dashboards poll the list, so its start-up counts: commander's
// program of every verb is most of what the full CLI adds before the list's own work (BENCHMARKS.md).
// Any other command line (help, an unknown or doubled option) is the full CLI's.
import { quietOnBrokenPipe } from './broken-pipe.js';
import { workListCommand } from './commands/work/list.js';
import { stopOnInterrupt } from './interrupt.js';
import { redactStreams, reportError } from './io.js';
import { tuneWasmForShortRun } from './jit.js';

/** `{ json }` for `work list` with nothing else or `--json` once; null for anything else. */
export function quickWorkListArgs(argv: string[]): { json: boolean } | null {
  if (argv[0] !== 'work' || argv[1] !== 'list' || argv.length > 3) return null;
  if (argv.length === 2) return { json: false };
  return argv[2] === '--json' ? { json: true } : null;
}

export async function main(argv: string[]): Promise<number> {
  const args = quickWorkListArgs(argv);
  if (!args) return (await import('./main.js')).main(argv);
  // What the full CLI's main and runProgram do around a verb, in the same order.
  tuneWasmForShortRun();
  stopOnInterrupt(args.json);
  redactStreams();
  quietOnBrokenPipe();
  try {
    return await workListCommand(args);
  } catch (e) {
    return reportError(e, args.json);
  }
}

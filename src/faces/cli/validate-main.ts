// Entry point for `papertrail validate`, bundled on its own into one file (dist/validate.js). It
// runs in pre-commit hooks, in CI and after every edit an assistant makes, so its start-up counts:
// loading the full CLI (commander's program of every verb, then a dozen shared chunks through the
// ES module loader) is measurably slower than this one file (BENCHMARKS.md). The usual
// command line does not load commander at all (validate-args.ts), and YAML is loaded on first use.
import { quietOnBrokenPipe } from './broken-pipe.js';
import { validateCommand } from './commands/validate.js';
import { redactStreams, reportError } from './io.js';
import { quickValidateArgs } from './validate-args.js';

export async function main(argv: string[]): Promise<number> {
  redactStreams();
  quietOnBrokenPipe();
  // Help, --version, a usage error or an unusual shape: commander reads it, as the full CLI would.
  const args =
    quickValidateArgs(argv) ?? (await (await import('./validate-usage.js')).readValidateArgs(argv));
  if ('exit' in args) return args.exit;
  try {
    return await validateCommand(args.paths, args.flags);
  } catch (e) {
    return reportError(e, argv.includes('--json'));
  }
}

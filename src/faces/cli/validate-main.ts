// Entry point for `papertrail validate`, bundled on its own into one file (dist/validate.js). It
// runs in pre-commit hooks, in CI and after every edit an assistant makes, so its start-up counts:
// loading the full CLI (commander's program of every verb, then a dozen shared chunks through the
// ES module loader) cost ~20 ms more than this one file (bench/ and BENCHMARKS.md), and the usual
// command line does not load commander at all (validate-args.ts).
import { validateCommand } from './commands/validate.js';
import { reportError } from './io.js';
import { quickValidateArgs } from './validate-args.js';

export async function main(argv: string[]): Promise<number> {
  const quick = quickValidateArgs(argv);
  if (quick) {
    try {
      return await validateCommand(quick.paths, quick.flags);
    } catch (e) {
      return reportError(e, argv.includes('--json'));
    }
  }
  // Help, --version, a usage error: commander's program says it, as the full CLI would.
  const { newProgram, runProgram } = await import('./program.js');
  const { addValidateCommand } = await import('./validate-command.js');
  let code = 0;
  const program = newProgram();
  addValidateCommand(program, async (paths, flags) => {
    code = await validateCommand(paths, flags);
  });
  return runProgram(program, argv, () => code);
}

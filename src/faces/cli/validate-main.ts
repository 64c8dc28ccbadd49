// Entry point for `papertrail validate`, bundled on its own into one file (dist/validate.js). It
// runs in pre-commit hooks, in CI and after every edit an assistant makes, so its start-up counts:
// loading the full CLI (commander's program of every verb, then a dozen shared chunks through the
// ES module loader) cost ~20 ms more than this one file (bench/ and BENCHMARKS.md).
import { validateCommand } from './commands/validate.js';
import { newProgram, runProgram } from './program.js';
import { addValidateCommand } from './validate-command.js';

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = newProgram();
  addValidateCommand(program, async (paths, flags) => {
    code = await validateCommand(paths, flags);
  });
  return runProgram(program, argv, () => code);
}

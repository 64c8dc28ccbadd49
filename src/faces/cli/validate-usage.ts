// The validate command line as commander reads it, for the validate-only entry when the quick
// reader (validate-args.ts) is not sure: help, --version, usage errors and unusual shapes. Kept out
// of dist/validate.js (built as dist/validate-usage.js) so the usual run does not even parse
// commander's code.
import { newProgram, runProgram } from './program.js';
import { addValidateCommand, type ValidateFlags } from './validate-command.js';

/** The verb's paths and flags, or the exit code when commander answered itself (help, an error). */
export async function readValidateArgs(
  argv: string[],
): Promise<{ paths: string[]; flags: ValidateFlags } | { exit: number }> {
  let args: { paths: string[]; flags: ValidateFlags } | null = null;
  const program = newProgram();
  addValidateCommand(program, async (paths, flags) => {
    args = { paths, flags };
  });
  const exit = await runProgram(program, argv, () => 0);
  return args ?? { exit };
}

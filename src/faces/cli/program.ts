// The shell every entry point shares: the root command as the user sees it, and how a parse ends
// (exit codes, errors). The full CLI and the validate-only entry must not differ in either.
import { Command, CommanderError } from 'commander';
import { holdCacheWrites, version } from '../../base/index.js';
import { quietOnBrokenPipe } from './broken-pipe.js';
import { redactStreams, reportError } from './io.js';
import { terminalSafe } from './terminal-safe.js';

export function newProgram(): Command {
  return new Command('papertrail')
    .description(
      'Spec-driven engineering: proposals → specs → plans → governed implementation, validated and traceable.',
    )
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .hook('preAction', (_root, action) => {
      // Before the verb reads the workspace: a dry run leaves it as it found it, caches included.
      if (action.opts().dryRun) holdCacheWrites();
    });
}

/** Parses and runs; the exit code is the verb's (read through `code`), 0 for help, 2 for usage errors. */
export async function runProgram(program: Command, argv: string[], code: () => number): Promise<number> {
  redactStreams();
  quietOnBrokenPipe();
  program.configureOutput({
    writeErr: (s) => process.stderr.write(terminalSafe(s)),
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code();
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    return reportError(e, argv.includes('--json'));
  }
}

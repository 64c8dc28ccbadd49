import type { Command } from 'commander';
import { common } from './options.js';

export interface ValidateFlags {
  strict?: boolean;
  json?: boolean;
  sarif?: boolean;
  verbose?: boolean;
  cache?: boolean;
  cacheLocation?: string;
}

/** The validate verb's arguments and options, declared once for the full CLI and the validate-only entry. */
export function addValidateCommand(
  program: Command,
  action: (paths: string[], flags: ValidateFlags) => Promise<void>,
): Command {
  return common(
    program
      .command('validate')
      .argument('[paths...]', 'files or folders to report on (default: everything)')
      .description('check documents (Papertrail and OpenSpec); exit 1 on errors'),
    { dryRun: false },
  )
    .option('--strict', 'warnings fail too')
    .option('--sarif', 'SARIF 2.1.0 output for GitHub code scanning')
    .option('--verbose', 'also print info findings')
    .option('--cache', "reuse the last run's results for OpenSpec files that have not changed")
    .option(
      '--cache-location <path>',
      'cache file or folder (implies --cache; default .papertrail/cache/, or node_modules/.cache/papertrail/ outside a workspace)',
    )
    .action(action);
}

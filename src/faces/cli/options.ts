import type { Command } from 'commander';

/** Accumulates a repeatable option's values. */
export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The options most verbs share: --json, and as asked --dry-run, --from and the interview switches. */
export function common(
  cmd: Command,
  opts: { dryRun?: boolean; from?: boolean; interactive?: boolean } = {},
): Command {
  cmd.option('--json', 'machine-readable output');
  if (opts.dryRun !== false) cmd.option('--dry-run', 'show what would be written; write nothing');
  if (opts.from) cmd.option('--from <file>', 'read the request from a YAML or JSON file');
  if (opts.interactive)
    cmd
      .option('-y, --yes', 'skip the confirmation of the interview')
      .option('--no-interactive', 'never interview, even on a terminal')
      .addHelpText(
        'after',
        '\nOn a terminal, missing input is asked one question at a time. Enter answers; in free-text\n' +
          'answers a paste keeps all its lines and Ctrl-J adds one.',
      );
  return cmd;
}

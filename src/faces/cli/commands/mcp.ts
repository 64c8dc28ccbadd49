import { resolve } from 'node:path';
import * as lazy from '../lazy.js';
import type { Cli } from './shared.js';

export function registerMcp({ program, run }: Cli): void {
  program
    .command('mcp')
    .description('serve the verbs as MCP tools (and the slash commands as prompts) over stdio')
    .option('--dir <path>', 'the workspace (default: the current folder)')
    .addHelpText(
      'after',
      "\nAn argument over 1 MiB or a request over 4 MiB is refused (input/too-large); set\nPAPERTRAIL_MCP_MAX_ARGUMENT / PAPERTRAIL_MCP_MAX_REQUEST (bytes, 512KiB, 8MiB) to change it.\nPaths in arguments must lie in the client's roots, else in the workspace or a folder beside it.",
    )
    .action((o) => run(mcpCommand(o)));
}

/** Runs until the client closes stdin; stdout belongs to the protocol from here on. */
export async function mcpCommand(flags: { dir?: string }): Promise<number> {
  const { serveStdio } = await lazy.mcp();
  await serveStdio({ root: resolve(flags.dir ?? process.cwd()) });
  return 0;
}

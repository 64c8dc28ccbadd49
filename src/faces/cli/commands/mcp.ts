import { resolve } from 'node:path';

/** Runs until the client closes stdin; stdout belongs to the protocol from here on. */
export async function mcpCommand(flags: { dir?: string }): Promise<number> {
  const { serveStdio } = await import('../../mcp/index.js');
  await serveStdio({ root: resolve(flags.dir ?? process.cwd()) });
  return 0;
}

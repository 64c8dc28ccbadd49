import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  RootsListChangedNotificationSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { exitForSignal, PtError, version } from '../../base/index.js';
import { type Places, rootFolders } from './confine.js';
import { checkArguments, type Limits, limitsFromEnv } from './limits.js';
import { getPrompt, listPrompts } from './prompts.js';
import { failure, success } from './result.js';
import { BoundedStdioTransport } from './stdio.js';
import type { ToolDef } from './tool.js';
import { TOOLS } from './tools.js';

/** Told to the assistant once per session, so that no tool description has to repeat it. */
export const INSTRUCTIONS = `Papertrail: spec-driven documents (proposals, specs, standards), plans (issues) and implementation.
Every write goes through these tools, never by editing the files by hand. Writing tools take dry_run: call with dry_run true first, show the user the summary, and write (dry_run false) only after the user confirms.
Every result has ok; on failure ok is false, error is {code, message, hint, location} and nothing was written. dryRun true in a result: nothing was written.
A result that holds a document gives its Markdown as a text block after the JSON, on a dry run too.`;

export function toolList(tools: readonly ToolDef[] = TOOLS): Tool[] {
  return tools.map((t) => ({
    name: t.name,
    description: t.description,
    inputSchema: t.inputSchema as Tool['inputSchema'],
    outputSchema: t.outputSchema as Tool['outputSchema'],
    ...(t.readOnly ? { annotations: { readOnlyHint: true } } : {}),
  }));
}

export function createServer(
  root: string,
  tools: readonly ToolDef[] = TOOLS,
  limits: Limits = limitsFromEnv(),
): Server {
  const server = new Server(
    { name: 'papertrail', version: version() },
    { capabilities: { tools: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  const names = tools.map((t) => t.name);
  // One call at a time: the embedded store has a single owner, and documents are numbered from what is on disk.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  // The client's roots, asked for when a path argument first needs them and again after it says they changed.
  let places: Promise<Places> | null = null;
  const askRoots = async (): Promise<Places> => {
    if (!server.getClientCapabilities()?.roots) return { roots: null };
    try {
      return { roots: rootFolders((await server.listRoots()).roots) };
    } catch (e) {
      console.error(`papertrail mcp: the client did not list its roots (${(e as Error).message})`);
      return { roots: null };
    }
  };
  server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    places = null;
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: toolList(tools) }));
  server.setRequestHandler(CallToolRequestSchema, (req) =>
    serial(async () => {
      const t = tools.find((x) => x.name === req.params.name);
      try {
        if (!t)
          throw new PtError('tool/not-found', `No tool "${req.params.name}"`, {
            hint: `Tools: ${names.join(', ')}`,
            exit: 3,
          });
        const args = req.params.arguments ?? {};
        checkArguments(args, limits);
        const ctx = { root, places: () => (places ??= askRoots()) };
        return success(await t.call(ctx, args));
      } catch (e) {
        return failure(e);
      }
    }),
  );
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: listPrompts(names) }));
  server.setRequestHandler(GetPromptRequestSchema, async (req) =>
    getPrompt(names, req.params.name, req.params.arguments),
  );
  return server;
}

/**
 * Serves on stdin/stdout until the client closes stdin, or until SIGINT or SIGTERM (a client that
 * stops its server closes stdin and sends SIGTERM soon after): then a run under way in a call is
 * canceled and recorded so, the call answered, and the server closes. Node's own handling would end
 * the process at once, leaving the run "running", its command alive and the store's lock behind. A
 * second signal exits at once (130, or 143 for SIGTERM), still killing the command's process group and letting go of the lock.
 */
export async function serveStdio(opts: { root: string }): Promise<void> {
  // stdout carries the protocol: anything a library prints goes to stderr instead.
  console.log = console.info = console.debug = console.warn = console.error;
  const limits = limitsFromEnv();
  const stopping = new AbortController();
  const calls = new Set<Promise<unknown>>();
  const tools = TOOLS.map(
    (t): ToolDef => ({
      ...t,
      call: (ctx, raw) => {
        const p = t.call({ ...ctx, signal: stopping.signal }, raw);
        calls.add(p);
        void p.catch(() => {}).finally(() => calls.delete(p));
        return p;
      },
    }),
  );
  const server = createServer(opts.root, tools, limits);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) process.exit(exitForSignal(signal));
    stopping.abort();
    void (async () => {
      while (calls.size) await Promise.allSettled([...calls]);
      // The answer to the call is sent once its handler has returned: a turn later.
      await new Promise((r) => setImmediate(r));
      await server.close();
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await server.connect(new BoundedStdioTransport(limits.request));
  process.stdin.once('end', () => void server.close());
  try {
    await closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

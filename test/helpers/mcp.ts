import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { BIN } from './cli.js';

/** A tool's structured result, as loosely typed as JSON.parse's: the tests' expectations check it. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = Record<string, any>;

export interface McpSession {
  client: Client;
  /** The raw result of a tool call. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** A call that must succeed: its structured result. */
  ok(name: string, args?: Record<string, unknown>): Promise<Json>;
  /** A call that must succeed and return a document: its structured result and the document's Markdown. */
  okDoc(name: string, args?: Record<string, unknown>): Promise<[Json, string]>;
  /** A call that must fail: its error ({code, message, hint, location, exit}). */
  fail(name: string, args?: Record<string, unknown>): Promise<Json>;
  stderr(): string;
  /** Changes the folders the client lists as roots, and tells the server. */
  setRoots(roots: string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the built CLI's MCP server in `cwd` and connects the official SDK client over stdio, as an
 * assistant (VS Code, Claude Code) does. Run `npm run build` first.
 */
export async function mcpSession(
  cwd: string,
  env: Record<string, string> = {},
  opts: { roots?: string[] } = {},
): Promise<McpSession> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    cwd,
    env: { ...base, PAPERTRAIL_TODAY: '2026-11-23', NO_COLOR: '1', CI: '1', ...env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d) => {
    err += d;
  });
  // With `roots`, the client declares the capability and lists those folders, as VS Code does.
  const client = new Client(
    { name: 'papertrail-test', version: '0.0.0' },
    opts.roots ? { capabilities: { roots: { listChanged: true } } } : {},
  );
  let roots = opts.roots ?? [];
  if (opts.roots)
    client.setRequestHandler(ListRootsRequestSchema, async () => ({
      roots: roots.map((r) => ({ uri: pathToFileURL(r).href })),
    }));
  await client.connect(transport);
  // The client checks each result against the advertised outputSchema; the tests check more strictly,
  // refusing any field the schema does not describe.
  const ajv = new Ajv({ strict: false });
  const strict = new Map(
    (await client.listTools()).tools.map((t) => [
      t.name,
      ajv.compile({
        ...t.outputSchema,
        // ok and error are in every result; the server's instructions describe them, not each schema.
        properties: { ok: { type: 'boolean' }, error: { type: 'object' }, ...t.outputSchema?.properties },
        required: ['ok'],
        additionalProperties: false,
      }),
    ]),
  );
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    described(
      name,
      (await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as CallToolResult,
    );
  const described = (name: string, r: CallToolResult) => {
    const check = strict.get(name);
    if (check && r.structuredContent && !check(r.structuredContent))
      throw new Error(`${name}: a field its outputSchema does not describe: ${ajv.errorsText(check.errors)}`);
    return r;
  };
  const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  return {
    client,
    call,
    async ok(name, args) {
      const r = await call(name, args);
      if (r.isError) throw new Error(`${name} failed: ${text(r)}`);
      return r.structuredContent as Json;
    },
    async okDoc(name, args) {
      const r = await call(name, args);
      if (r.isError) throw new Error(`${name} failed: ${text(r)}`);
      // The JSON first, then the document once, as its own text block.
      expect(r.content).toHaveLength(2);
      expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual(r.structuredContent);
      return [r.structuredContent as Json, (r.content[1] as { text: string }).text];
    },
    async fail(name, args) {
      const r = await call(name, args);
      if (!r.isError) throw new Error(`${name} should have failed: ${text(r)}`);
      return (r.structuredContent as { error: Json }).error;
    },
    stderr: () => err,
    async setRoots(next) {
      roots = next;
      await client.sendRootsListChanged();
    },
    close: () => client.close(),
  };
}

import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { limitsFromEnv } from '../../../src/faces/mcp/limits.js';
import { BoundedStdioTransport, requestId } from '../../../src/faces/mcp/stdio.js';

describe('MCP input limits', () => {
  it('reads the limits from the environment, in bytes, KiB or MiB', () => {
    expect(limitsFromEnv({})).toEqual({ argument: 1024 * 1024, request: 4 * 1024 * 1024 });
    expect(
      limitsFromEnv({ PAPERTRAIL_MCP_MAX_ARGUMENT: '512KiB', PAPERTRAIL_MCP_MAX_REQUEST: '1000' }),
    ).toEqual({ argument: 512 * 1024, request: 1000 });
    expect(() => limitsFromEnv({ PAPERTRAIL_MCP_MAX_REQUEST: 'lots' })).toThrow(
      expect.objectContaining({ code: 'config/bad-env', message: expect.stringContaining('"lots"') }),
    );
    expect(() => limitsFromEnv({ PAPERTRAIL_MCP_MAX_ARGUMENT: '0' })).toThrow(
      expect.objectContaining({ code: 'config/bad-env' }),
    );
  });

  it("finds an oversized request's ID at either end of it", () => {
    expect(requestId('{"method":"tools/call","params":{"a":"xx', 'xx"}},"jsonrpc":"2.0","id":7}')).toBe(7);
    expect(requestId('{"jsonrpc":"2.0","id":"abc","method":"x","params":{"id":1', '"}}')).toBe('abc');
    // An "id" inside the params is not the request's.
    expect(requestId('{"method":"x","params":{"a":"', 'b","id":3}}}')).toBeNull();
  });

  it('skips an oversized line across chunks, answers it, and reads on', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const t = new BoundedStdioTransport(100, stdin, stdout);
    const got: JSONRPCMessage[] = [];
    t.onmessage = (m) => got.push(m);
    await t.start();
    const ping = (id: number) => `${JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' })}\n`;
    const big = JSON.stringify({
      jsonrpc: '2.0',
      method: 'tools/call',
      params: { x: 'y'.repeat(300) },
      id: 2,
    });
    const all = Buffer.from(`${ping(1)}${big}\n${ping(3)}`);
    for (let i = 0; i < all.length; i += 37) stdin.write(all.subarray(i, i + 37));
    await new Promise((r) => setImmediate(r));
    expect(got.map((m) => (m as { id: number }).id)).toEqual([1, 3]);
    const reply = JSON.parse(String(stdout.read()));
    expect(reply).toMatchObject({ id: 2, error: { code: -32600 } });
    expect(reply.error.message).toMatch(/^input\/too-large: the request is 3\d\d bytes, over the 100 bytes/);
    await t.close();
  });
});

// The MCP stdio transport, with a bound on each message. The SDK's own transport closes the
// connection (and the server exits, silently) when a line outgrows its buffer; this one skips the
// oversized line, answers its request with an error, and goes on reading the next one.
import process from 'node:process';
import { deserializeMessage, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { formatBytes, LIMIT_ENV } from './limits.js';

/** Enough of both ends of a line to find its request ID, wherever the client put it. */
const KEEP = 512;
const ID = '(-?\\d+|"(?:[^"\\\\]|\\\\.)*")';
const ID_FIRST = new RegExp(`^\\s*\\{(?:\\s*"jsonrpc"\\s*:\\s*"2\\.0"\\s*,)?\\s*"id"\\s*:\\s*${ID}`);
const ID_LAST = new RegExp(`"id"\\s*:\\s*${ID}\\s*\\}\\s*$`);

/** The request ID of a JSON-RPC message known only by its first and last bytes; null when not found. */
export function requestId(head: string, tail: string): string | number | null {
  const m = ID_FIRST.exec(head) ?? ID_LAST.exec(tail);
  return m ? (JSON.parse(m[1]!) as string | number) : null;
}

export class BoundedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private chunks: Buffer[] = [];
  private length = 0;
  /** While skipping an oversized line: its first bytes, its last bytes and its size so far. */
  private skipping: { head: Buffer; tail: Buffer; size: number } | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
  ) {}

  private readonly onData = (chunk: Buffer) => {
    let rest = chunk;
    while (rest.length) {
      const nl = rest.indexOf(10);
      const part = nl === -1 ? rest : rest.subarray(0, nl);
      rest = nl === -1 ? Buffer.alloc(0) : rest.subarray(nl + 1);
      if (this.skipping) this.skip(part);
      else if (this.length + part.length > this.maxBytes) {
        const line = Buffer.concat([...this.chunks, part]);
        this.chunks = [];
        this.length = 0;
        this.skipping = { head: line.subarray(0, KEEP), tail: Buffer.alloc(0), size: 0 };
        this.skip(line);
      } else {
        this.chunks.push(part);
        this.length += part.length;
      }
      if (nl === -1) break;
      if (this.skipping) this.refuse();
      else this.line();
    }
  };

  private readonly onError = (e: Error) => this.onerror?.(e);

  private skip(part: Buffer) {
    const s = this.skipping!;
    s.size += part.length;
    const tail = Buffer.concat([s.tail, part]);
    s.tail = tail.subarray(Math.max(0, tail.length - KEEP));
  }

  private line() {
    const text = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.length = 0;
    if (!text.trim()) return;
    try {
      this.onmessage?.(deserializeMessage(text));
    } catch (e) {
      this.onerror?.(e as Error);
    }
  }

  /** Answers an oversized request with an error the client can show; a notification gets nothing. */
  private refuse() {
    const s = this.skipping!;
    this.skipping = null;
    const id = requestId(s.head.toString('utf8'), s.tail.toString('utf8'));
    const message = `input/too-large: the request is ${formatBytes(s.size)}, over the ${formatBytes(this.maxBytes)} a request may be. Send less (a document is a few kilobytes), or raise ${LIMIT_ENV.request} in the server's environment.`;
    process.stderr.write(`papertrail mcp: ${message}\n`);
    if (id === null) return;
    void this.send({ jsonrpc: '2.0', id, error: { code: ErrorCode.InvalidRequest, message } });
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(serializeMessage(message))) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.chunks = [];
    this.onclose?.();
  }
}

// Servers that misbehave the way real ones do: one that accepts connections and never answers, and an
// HTTP server that answers whatever a test tells it to (garbage, the wrong shape, half an answer).
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Socket } from 'node:net';

export interface SilentServer {
  port: number;
  url: string;
  /** Connections accepted so far. */
  connections: number;
  /** Bytes received so far (a request was sent when this grows). */
  received: string;
  close(): Promise<void>;
}

/** Accepts every connection on 127.0.0.1 (a free port) and never writes a byte back. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const s: SilentServer = {
    port: 0,
    url: '',
    connections: 0,
    received: '',
    close: () =>
      new Promise((resolve) => {
        for (const c of sockets) c.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((socket) => {
    s.connections++;
    sockets.add(socket);
    socket.on('data', (d) => {
      s.received += d.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  s.port = typeof addr === 'object' && addr ? addr.port : 0;
  s.url = `http://127.0.0.1:${s.port}`;
  return s;
}

export type Reply = (req: IncomingMessage, res: ServerResponse) => void;

export interface ScriptedServer {
  url: string;
  /** Requests as `METHOD /path`. */
  requests: string[];
  reply: Reply;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers each request with `reply` (change it at any time). */
export async function startScriptedServer(reply: Reply): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const s: ScriptedServer = {
    url: '',
    requests: [],
    reply,
    close: () =>
      new Promise((resolve) => {
        for (const c of sockets) c.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createHttpServer((req, res) => {
    s.requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => s.reply(req, res));
  });
  server.on('connection', (c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  s.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return s;
}

/** A JSON content type with a body that is whatever `body` is, valid JSON or not. */
export function jsonReply(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(body);
  };
}

// A fake OpenAI-compatible chat completions endpoint on 127.0.0.1 for the AI reviewer's tests.
// It records every request and answers according to a mode that a test can switch at any time.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeLlmMode =
  /** A well-formed completion whose content is `content(request)`. */
  | { kind: 'answer'; content: (req: ChatRequest) => string }
  /** HTTP status with a body. */
  | { kind: 'status'; status: number; body: string }
  /** A 200 whose body is not JSON at all. */
  | { kind: 'garbage'; body: string }
  /** Never answers (the client's timeout must fire). */
  | { kind: 'hang' };

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  authorization: string | null;
  path: string;
  /** max_tokens, when the client sent it. */
  maxTokens?: number;
  /** Whether the client asked for a JSON object (response_format). */
  json: boolean;
}

export interface FakeLlm {
  /** Base URL to put in PAPERTRAIL_LLM_URL (ends in /v1). */
  url: string;
  requests: ChatRequest[];
  mode: FakeLlmMode;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      s += c;
    });
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

export async function startFakeLlm(mode: FakeLlmMode): Promise<FakeLlm> {
  const fake: FakeLlm = { url: '', requests: [], mode, close: async () => {} };
  const hanging = new Set<import('node:http').ServerResponse>();
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const body = JSON.parse(raw) as {
      model: string;
      messages: ChatRequest['messages'];
      max_tokens?: number;
      response_format?: unknown;
    };
    const r: ChatRequest = {
      model: body.model,
      messages: body.messages,
      authorization: req.headers.authorization ?? null,
      path: req.url,
      json: body.response_format !== undefined,
      ...(body.max_tokens === undefined ? {} : { maxTokens: body.max_tokens }),
    };
    fake.requests.push(r);
    const m = fake.mode;
    if (m.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (m.kind === 'status') {
      res.writeHead(m.status, { 'content-type': 'application/json' }).end(m.body);
      return;
    }
    if (m.kind === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(m.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${fake.requests.length}`,
        object: 'chat.completion',
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: m.content(r) } }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** The role a request asks for, from the system prompt ("You are @QA on …"). */
export const roleOf = (r: ChatRequest) => /You are @(\w+)/.exec(r.messages[0]?.content ?? '')?.[1] ?? '';

// An OpenAI-compatible chat completions client (OpenAI, Azure's /v1 surface, Ollama, LM Studio, vLLM,
// llama.cpp's server): node's fetch, one request at a time, a hard timeout, and every failure a PtError
// with code llm/* and exit 4, so callers can turn it into a warning and carry on.
import { PtError, redactText, secretValues } from '../../base/index.js';

export interface LlmConfig {
  /** Base URL up to and including the version segment, e.g. http://127.0.0.1:11434/v1. */
  url: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  /** Ask for a JSON object (the default); false for free text. */
  json?: boolean;
  /** The most tokens the answer may have (max_tokens); the server's own limit when unset. */
  maxTokens?: number;
  /** Aborting stops the request; it fails with llm/canceled. */
  signal?: AbortSignal;
}

export interface LlmClient {
  readonly model: string;
  complete(messages: LlmMessage[], opts?: CompleteOptions): Promise<string>;
}

export const LLM_ENV = {
  url: 'PAPERTRAIL_LLM_URL',
  model: 'PAPERTRAIL_LLM_MODEL',
  key: 'PAPERTRAIL_LLM_API_KEY',
  timeout: 'PAPERTRAIL_LLM_TIMEOUT_MS',
} as const;

/** The AI reviewer's settings from the environment, or null when PAPERTRAIL_LLM_URL is not set (off). */
export function llmConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const url = env[LLM_ENV.url]?.trim();
  if (!url) return null;
  if (!/^https?:\/\//.test(url))
    throw new PtError('llm/bad-url', `${LLM_ENV.url}="${url}" is not an http(s) URL`, {
      hint: 'Use the base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1.',
      exit: 2,
    });
  const t = env[LLM_ENV.timeout];
  const timeoutMs = t === undefined || t === '' ? 30_000 : Number(t);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new PtError(
      'llm/bad-timeout',
      `${LLM_ENV.timeout}="${t}" is not a positive number of milliseconds`,
      { hint: `Set ${LLM_ENV.timeout} to a whole number like 30000, or unset it for 30 s.`, exit: 2 },
    );
  return {
    url: url.replace(/\/+$/, ''),
    model: env[LLM_ENV.model]?.trim() || 'gpt-4o-mini',
    apiKey: env[LLM_ENV.key]?.trim() || null,
    timeoutMs,
  };
}

function fail(code: string, message: string, cause?: unknown): PtError {
  return new PtError(code, message, {
    hint: `Check ${LLM_ENV.url} and that the server is up; the deterministic review does not need it.`,
    exit: 4,
    ...(cause === undefined ? {} : { cause }),
  });
}

export function openAiClient(cfg: LlmConfig, fetchImpl: typeof fetch = fetch): LlmClient {
  const endpoint = `${cfg.url}/chat/completions`;
  return {
    model: cfg.model,
    async complete(messages, opts = {}) {
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), cfg.timeoutMs);
      const onAbort = () => ctrl.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.signal?.aborted) onAbort();
      let res: Response;
      let text: string;
      try {
        res = await fetchImpl(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}),
          },
          body: JSON.stringify({
            model: cfg.model,
            messages,
            temperature: 0,
            ...(opts.json === false ? {} : { response_format: { type: 'json_object' } }),
            ...(opts.maxTokens === undefined ? {} : { max_tokens: opts.maxTokens }),
          }),
          signal: ctrl.signal,
        });
        text = await res.text();
      } catch (e) {
        if (opts.signal?.aborted) throw fail('llm/canceled', `the request to ${endpoint} was canceled`, e);
        if (ctrl.signal.aborted)
          throw fail('llm/timeout', `${endpoint} did not answer within ${cfg.timeoutMs} ms`, e);
        const why = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
        throw fail('llm/unreachable', `cannot reach ${endpoint} (${why})`, e);
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      }
      // The key and other secrets go before the answer is cut short: half a key would not match.
      text = redactText(text, [...(cfg.apiKey ? [cfg.apiKey] : []), ...secretValues()]);
      if (!res.ok)
        throw fail(
          'llm/http-error',
          `${endpoint} answered HTTP ${res.status}: ${text.slice(0, 120).replace(/\s+/g, ' ')}`,
        );
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw fail(
          'llm/bad-response',
          `${endpoint} answered something that is not JSON: "${text.slice(0, 80)}"`,
          e,
        );
      }
      const content = (body as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message
        ?.content;
      if (typeof content !== 'string')
        throw fail('llm/bad-response', `${endpoint} answered JSON without choices[0].message.content`);
      return content;
    },
  };
}

import { afterEach, describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/index.js';
import { llmConfigFromEnv, openAiClient } from '../../../src/ports/llm/index.js';
import { type FakeLlm, startFakeLlm } from '../../fakes/openai.js';

let fake: FakeLlm | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const cfg = (url: string, timeoutMs = 2000) => ({ url, model: 'test-model', apiKey: 'k-123', timeoutMs });
const msgs = [{ role: 'user' as const, content: 'hello' }];

async function failure(p: Promise<unknown>): Promise<{ code: string; exit: number; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isPtError(e)) return { code: e.code, exit: e.exit, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('OpenAI-compatible client', () => {
  it('posts the model, messages and bearer key and returns the content', async () => {
    fake = await startFakeLlm({ kind: 'answer', content: (r) => `echo ${r.messages[0]!.content}` });
    const out = await openAiClient(cfg(fake.url)).complete(msgs);
    expect(out).toBe('echo hello');
    expect(fake.requests[0]).toMatchObject({ model: 'test-model', authorization: 'Bearer k-123' });
  });

  it('never shows the key a server echoes, not even the half left by cutting the answer short', async () => {
    const apiKey = 'sk-echoed-0123456789abcdef';
    fake = await startFakeLlm({ kind: 'status', status: 401, body: `${'x'.repeat(110)}${apiKey}` });
    const err = await failure(openAiClient({ ...cfg(fake.url), apiKey }).complete(msgs));
    expect(err.code).toBe('llm/http-error');
    expect(err.message).not.toContain('sk-echoe');
    fake.mode = { kind: 'garbage', body: `${'y'.repeat(70)}${apiKey}` };
    const bad = await failure(openAiClient({ ...cfg(fake.url), apiKey }).complete(msgs));
    expect(bad.code).toBe('llm/bad-response');
    expect(bad.message).not.toContain('sk-echoe');
  });

  it('turns HTTP errors, garbage, a missing content field, a hang and a closed port into llm/* errors', async () => {
    fake = await startFakeLlm({ kind: 'status', status: 500, body: '{"error":"boom"}' });
    expect(await failure(openAiClient(cfg(fake.url)).complete(msgs))).toMatchObject({
      code: 'llm/http-error',
      exit: 4,
    });
    fake.mode = { kind: 'garbage', body: '<html>nope</html>' };
    expect((await failure(openAiClient(cfg(fake.url)).complete(msgs))).code).toBe('llm/bad-response');
    fake.mode = { kind: 'status', status: 200, body: '{"choices":[]}' };
    expect((await failure(openAiClient(cfg(fake.url)).complete(msgs))).code).toBe('llm/bad-response');
    fake.mode = { kind: 'hang' };
    const t0 = Date.now();
    expect((await failure(openAiClient(cfg(fake.url, 300)).complete(msgs))).code).toBe('llm/timeout');
    expect(Date.now() - t0).toBeLessThan(5000);
    const url = fake.url;
    await fake.close();
    fake = null;
    expect((await failure(openAiClient(cfg(url)).complete(msgs))).code).toBe('llm/unreachable');
  });

  it('is off without PAPERTRAIL_LLM_URL and refuses a bad URL or timeout', () => {
    expect(llmConfigFromEnv({})).toBeNull();
    expect(llmConfigFromEnv({ PAPERTRAIL_LLM_URL: 'http://x/v1/', PAPERTRAIL_LLM_MODEL: 'm' })).toEqual({
      url: 'http://x/v1',
      model: 'm',
      apiKey: null,
      timeoutMs: 30000,
    });
    expect(() => llmConfigFromEnv({ PAPERTRAIL_LLM_URL: 'ftp://x' })).toThrow(/not an http/);
    expect(() =>
      llmConfigFromEnv({ PAPERTRAIL_LLM_URL: 'http://x', PAPERTRAIL_LLM_TIMEOUT_MS: '-1' }),
    ).toThrow(/positive/);
  });
});

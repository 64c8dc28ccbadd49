import { afterEach, describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/index.js';
import { openAiClient } from '../../../src/ports/llm/index.js';
import { type FakeLlm, startFakeLlm } from '../../fakes/openai.js';

let fake: FakeLlm | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const cfg = (url: string) => ({ url, model: 'test-model', apiKey: null, timeoutMs: 10_000 });
const msgs = [{ role: 'user' as const, content: 'hello' }];

describe('OpenAI-compatible client options', () => {
  it('asks for JSON by default, for free text with json: false, and sends max_tokens when given', async () => {
    fake = await startFakeLlm({ kind: 'answer', content: () => 'ok' });
    const client = openAiClient(cfg(fake.url));
    await client.complete(msgs);
    await client.complete(msgs, { json: false, maxTokens: 64 });
    expect(fake.requests.map((r) => [r.json, r.maxTokens])).toEqual([
      [true, undefined],
      [false, 64],
    ]);
  });

  it('stops a request when its signal aborts, with llm/canceled, long before the deadline', async () => {
    fake = await startFakeLlm({ kind: 'hang' });
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 200);
    const e = await openAiClient(cfg(fake.url))
      .complete(msgs, { signal: abort.signal })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect(isPtError(e) && e.code).toBe('llm/canceled');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

import { expect } from 'vitest';

// A test's Server-Sent Events client: reads frames as they come; `until` waits for one that matches.

export interface Frame {
  id: number | null;
  event: string;
  data: unknown;
}

export interface Sse {
  frames: Frame[];
  until(match: (f: Frame) => boolean, ms?: number): Promise<Frame>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<Sse> {
  const ctl = new AbortController();
  const res = await fetch(url, { headers, signal: ctl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  // The body runs until the connection ends: events are written as they are, not in chunks.
  expect(res.headers.get('transfer-encoding')).toBeNull();
  expect(res.headers.get('connection')).toBe('close');
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const raw = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = /^data: (.*)$/m.exec(raw)?.[1];
          if (data) {
            const id = /^id: (\d+)$/m.exec(raw)?.[1];
            frames.push({
              id: id ? Number(id) : null,
              event: /^event: (.*)$/m.exec(raw)?.[1] ?? 'message',
              data: JSON.parse(data),
            });
            for (const w of waiters) w();
          }
          i = buf.indexOf('\n\n');
        }
      }
    } catch {
      // Closed by the test.
    }
  })();
  return {
    frames,
    until(match, ms = 60_000) {
      return new Promise<Frame>((resolve, reject) => {
        const look = () => {
          const f = frames.find(match);
          if (!f) return;
          waiters.delete(look);
          clearTimeout(timer);
          resolve(f);
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no matching frame in ${ms} ms; got ${JSON.stringify(frames).slice(0, 2000)}`));
        }, ms);
        waiters.add(look);
        look();
      });
    },
    close: () => ctl.abort(),
  };
}

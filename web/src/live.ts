import { useEffect, useRef } from 'react';

// Server-sent events: EventSource reconnects by itself and resumes with Last-Event-ID.

export function useEventStream(
  url: string | null,
  on: (type: string, data: unknown) => void,
  types: string[] = [],
) {
  const handler = useRef(on);
  handler.current = on;
  const typesKey = types.join(',');
  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url);
    const listen = (type: string) => (ev: MessageEvent) => {
      let data: unknown = ev.data;
      try {
        data = JSON.parse(ev.data as string);
      } catch {
        // Not JSON: handed on as text.
      }
      handler.current(type, data);
    };
    es.onmessage = listen('message');
    for (const t of typesKey ? typesKey.split(',') : []) es.addEventListener(t, listen(t) as EventListener);
    return () => es.close();
  }, [url, typesKey]);
}

/** Calls `fn` at most once per `ms`, the last call always landing. */
export function useThrottled(fn: () => void, ms: number): () => void {
  const ref = useRef({ fn, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  ref.current.fn = fn;
  return () => {
    if (ref.current.timer) return;
    ref.current.timer = setTimeout(() => {
      ref.current.timer = 0;
      ref.current.fn();
    }, ms);
  };
}

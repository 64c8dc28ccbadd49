import { useCallback, useEffect, useState } from 'react';
import { call, messageOf } from './api.js';

/** A read verb's answer: asked when the page opens, when `body` changes and on `reload`. */
export function useVerb<A, T>(verb: string, body: Record<string, unknown>, pick: (answer: A) => T) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const key = JSON.stringify(body);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the body is compared by its JSON; pick is fixed
  const reload = useCallback(async () => {
    try {
      setData(pick(await call<A>(verb, JSON.parse(key) as Record<string, unknown>)));
      setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  }, [verb, key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, setData, error, setError, reload };
}

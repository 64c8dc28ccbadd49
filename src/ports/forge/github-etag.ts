// Conditional GETs: remember each GET URL's ETag and body, send `If-None-Match`, and turn GitHub's
// 304 (which octokit throws as a RequestError) back into the remembered response. A 304 does not
// count against the primary rate limit, so a re-plan with no change costs (almost) nothing.

export interface CachedResponse {
  etag: string;
  status: number;
  url: string;
  headers: Record<string, string | undefined>;
  data: unknown;
}

/**
 * Keyed by `GET <absolute url>`, least recently used first (the hook moves an entry to the end when it
 * is stored or served), so a caller that persists it between runs keeps the newest when it must trim.
 */
export type EtagCache = Map<string, CachedResponse>;

interface HookOptions {
  method?: string;
  headers?: Record<string, string | undefined>;
  [k: string]: unknown;
}

interface HookResponse {
  status: number;
  url: string;
  headers: Record<string, string | undefined>;
  data: unknown;
}

type RequestFn = (options: HookOptions) => Promise<HookResponse>;
type EndpointFn = (options: HookOptions) => { method: string; url: string };

export interface EtagStats {
  /** GETs sent with `If-None-Match`. */
  conditional: number;
  /** Of those, answered 304 and served from the cache. */
  notModified: number;
}

/**
 * The `hook.wrap('request', …)` body: conditional GETs through `cache`. `endpoint` is
 * `octokit.request.endpoint` (the wrapped `request` of an outer hook has none). Headers are set on
 * `options` itself: inner hooks receive that very object.
 */
export function etagHook(cache: EtagCache, stats: EtagStats, endpoint: EndpointFn) {
  return async (request: RequestFn, options: HookOptions): Promise<HookResponse> => {
    if ((options.method ?? 'GET').toUpperCase() !== 'GET') return request(options);
    const { url } = endpoint(options);
    const key = `GET ${url}`;
    const cached = cache.get(key);
    if (cached) {
      options.headers = options.headers ?? {};
      options.headers['if-none-match'] = cached.etag;
      stats.conditional++;
    }
    try {
      const res = await request(options);
      const etag = res.headers.etag;
      cache.delete(key);
      // A copy: pagination unwraps an envelope ({total_count, check_runs}) in place, and a 304 served
      // later must be the envelope GitHub sent.
      if (etag)
        cache.set(key, {
          etag,
          status: res.status,
          url: res.url,
          headers: res.headers,
          data: structuredClone(res.data),
        });
      return res;
    } catch (err) {
      if (cached && (err as { status?: number }).status === 304) {
        stats.notModified++;
        cache.delete(key);
        cache.set(key, cached);
        return {
          status: cached.status,
          url: cached.url,
          headers: { ...cached.headers },
          data: structuredClone(cached.data),
        };
      }
      throw err;
    }
  };
}

// The fetch octokit uses for GitHub: each request has a deadline that covers connecting, the answer
// and its whole body (a server that sends headers and then stalls is caught too), and a read that ran
// out of time is tried once more. Writes are never repeated here: one that timed out may have been
// done, and a second create would duplicate it.

/** A request that got no (complete) answer in time. */
export class GitHubTimeout extends Error {
  // octokit hands an error named AbortError back as it is, so plugin-retry does not repeat a request
  // this fetch has already retried as far as it may.
  override readonly name = 'AbortError';
  readonly timedOut = true;

  constructor(
    readonly ms: number,
    readonly attempts: number,
    readonly method: string,
  ) {
    super(`no answer within ${ms} ms (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'})`);
  }
}

export function isGitHubTimeout(e: unknown): e is GitHubTimeout {
  return e instanceof GitHubTimeout;
}

/** Statuses whose answer has no body (a Response built with one throws). */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/** Methods safe to send again: they change nothing. */
const READS = new Set(['GET', 'HEAD']);

export function fetchWithDeadline(ms: number, inner: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const attempts = READS.has(method) ? 2 : 1;
    for (let attempt = 1; ; attempt++) {
      const res = await once(inner, input, init, ms);
      if (res !== TIMED_OUT) return res;
      if (attempt >= attempts) throw new GitHubTimeout(ms, attempt, method);
    }
  };
}

const TIMED_OUT = Symbol('timed out');

async function once(
  inner: typeof fetch,
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
  ms: number,
): Promise<Response | typeof TIMED_OUT> {
  const ctrl = new AbortController();
  const outer = init?.signal;
  const follow = () => ctrl.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  const timer = setTimeout(() => ctrl.abort(TIMED_OUT), ms);
  try {
    const res = await inner(input, { ...init, signal: ctrl.signal });
    // Read the whole body under the same deadline; octokit then parses it from memory.
    const body = NO_BODY.has(res.status) ? null : await res.arrayBuffer();
    const copy = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    Object.defineProperty(copy, 'url', { value: res.url });
    return copy;
  } catch (e) {
    if (ctrl.signal.reason === TIMED_OUT) return TIMED_OUT;
    throw e;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', follow);
  }
}

// The API's answers: {ok: true, ...} or {ok: false, error: {code, message, hint}}. A 401 asks the app to
// show the sign-in form; writes made with the session cookie carry its CSRF token.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export interface Session {
  name: string;
  role: string;
  csrf: string;
}

const KEY = 'papertrail-session';

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
}

const unauthorised = new EventTarget();
/** Calls `fn` whenever the API answers 401; returns the way to stop. */
export function onUnauthorised(fn: () => void): () => void {
  unauthorised.addEventListener('401', fn);
  return () => unauthorised.removeEventListener('401', fn);
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as {
    ok?: boolean;
    error?: { code: string; message: string; hint?: string };
  } | null;
  // A session cookie without its CSRF token (a tab opened later) needs a new sign-in too.
  if (res.status === 401 || body?.error?.code === 'http/csrf') unauthorised.dispatchEvent(new Event('401'));
  if (!body) throw new ApiError(res.status, 'http/not-json', `The server answered ${res.status}`, '');
  if (body.error) throw new ApiError(res.status, body.error.code, body.error.message, body.error.hint ?? '');
  return body as T;
}

/** One verb: POST with a JSON body. */
export async function call<T>(verb: string, body: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const s = currentSession();
  if (s) headers['x-csrf-token'] = s.csrf;
  const res = await fetch(`/api/${verb}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  return answer<T>(res);
}

export async function signIn(token: string): Promise<Session> {
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
    credentials: 'same-origin',
  });
  const s = await answer<Session>(res);
  const session = { name: s.name, role: s.role, csrf: s.csrf };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

export const messageOf = (e: unknown): string =>
  e instanceof ApiError ? `${e.message}${e.hint ? ` — ${e.hint}` : ''}` : String((e as Error)?.message ?? e);

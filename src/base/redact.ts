// Known secret values never leave the process: every value the faces print or return (messages,
// hints, details, JSON, MCP results, stderr) passes through here. A server can echo a token back in
// any field (a header, an error body), so redacting only the messages we write ourselves is not enough.
// Errors also pass through the pattern detector (secrets.ts): text a server sent may hold a secret we
// were never told about. Ordinary output (a document shown, a plan printed) is the user's own text and
// only loses the known values, so what is printed stays what is written.
import { REDACTED, redactSecrets } from './secrets.js';

/** Environment variables whose whole value is a secret. */
const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'PAPERTRAIL_LLM_API_KEY'] as const;

/** Environment variables holding a URL whose password is a secret. */
const SECRET_URL_ENV = ['DATABASE_URL'] as const;

/**
 * Values shorter than this are not redacted: replacing every "abc" in the output would garble it
 * while hiding nothing a guess would not find.
 */
const MIN_LENGTH = 4;

const registered = new Set<string>();

/** Adds a secret found at run time (a token from `gh auth token`, a password given in code). */
export function registerSecret(value: string | null | undefined): void {
  for (const v of variants(value)) registered.add(v);
}

/** The password of a URL, as written and decoded, or nothing. */
function urlPassword(url: string): string[] {
  try {
    const p = new URL(url).password;
    return p ? [p, safeDecode(p)] : [];
  } catch {
    // Not a URL node can parse: the text between "://user:" and the last "@" is still the password.
    const m = /^[a-z][\w+.-]*:\/\/[^:/@]*:(.*)@[^@]*$/i.exec(url);
    return m?.[1] ? [m[1], safeDecode(m[1])] : [];
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function variants(value: string | null | undefined): string[] {
  const v = value?.trim();
  return v && v.length >= MIN_LENGTH ? [v] : [];
}

/** Every known secret value, longest first so a secret that contains another is replaced whole. */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const all = new Set(registered);
  for (const k of SECRET_ENV) for (const v of variants(env[k])) all.add(v);
  for (const k of SECRET_URL_ENV) {
    const url = env[k];
    if (url) for (const p of urlPassword(url)) for (const v of variants(p)) all.add(v);
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/** `text` with every known secret value replaced by [REDACTED]. */
export function redactText(text: string, secrets: readonly string[] = secretValues()): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * A copy of `value` with every string in it (keys too) redacted; values without a secret come back
 * as they are. Objects with a toJSON (errors, dates) are redacted as they would be serialised.
 */
export function redactDeep<T>(
  value: T,
  secrets: readonly string[] = secretValues(),
  opts: { patterns?: boolean } = {},
): T {
  if (secrets.length === 0 && !opts.patterns) return value;
  const text = (v: string) =>
    opts.patterns ? redactSecrets(redactText(v, secrets)) : redactText(v, secrets);
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (typeof v !== 'object' || v === null) return v;
    if (seen.has(v)) return seen.get(v);
    const json = (v as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') {
      const r = walk(json.call(v));
      seen.set(v, r);
      return r;
    }
    if (Array.isArray(v)) {
      const arr: unknown[] = [];
      seen.set(v, arr);
      for (const x of v) arr.push(walk(x));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    seen.set(v, obj);
    for (const [k, x] of Object.entries(v)) obj[text(k)] = walk(x);
    return obj;
  };
  return walk(value) as T;
}

/** An error's text: known values and anything the detector takes for a secret. */
export function redactErrorText(text: string): string {
  return redactSecrets(redactText(text));
}

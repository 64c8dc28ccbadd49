// Known secret values never leave the process: every value the faces print or return (messages,
// hints, details, JSON, MCP results, stderr) passes through here. A server can echo a token back in
// any field (a header, an error body), so redacting only the messages we write ourselves is not enough.
// Errors also pass through the pattern detector (secrets.ts): text a server sent may hold a secret we
// were never told about. Ordinary output (a document shown, a plan printed) is the user's own text and
// only loses the known values, so what is printed stays what is written. What runs produce (their log,
// inputs, errors, artifacts, the audit trail, the server's log) is not the user's text: it loses known
// values and pattern-shaped secrets alike, before it is stored (redactOutput, StreamRedactor).
import { findSecrets, namedSecret, REDACTED, redactSecrets } from './secrets.js';

/** Environment variables whose whole value is a secret, however short. */
const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'PAPERTRAIL_LLM_API_KEY'] as const;

/**
 * Values shorter than this are not redacted: replacing every "abc" in the output would garble it
 * while hiding nothing a guess would not find.
 */
const MIN_LENGTH = 4;

/**
 * Any other variable named like a secret (`NPM_TOKEN`, `DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY`) counts
 * from this length: shorter values there are flags and switches (`NO_TOKEN=1`), not credentials.
 */
const NAMED_MIN_LENGTH = 8;

/** Named like a password (`PWD` reads as one) but holding the working directory. */
const NOT_SECRET_ENV = new Set(['PWD', 'OLDPWD']);

const registered = new Set<string>();
let registeredVersion = 0;

/** Adds a secret found at run time (a token from `gh auth token`, a password given in code). */
export function registerSecret(value: string | null | undefined): void {
  for (const v of variants(value))
    if (!registered.has(v)) {
      registered.add(v);
      registeredVersion++;
    }
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

/**
 * The value, and each line of it when it has several: output is redacted line by line (a log line,
 * a streamed line), so a multi-line secret (a key file in a variable) must be found a line at a time.
 */
function variants(value: string | null | undefined, min = MIN_LENGTH): string[] {
  const v = value?.trim();
  if (!v || v.length < min) return [];
  if (!/[\r\n]/.test(v)) return [v];
  return [
    v,
    ...v
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length >= min),
  ];
}

const URL_WITH_PASSWORD = /^[a-z][\w+.-]*:\/\/[^/@\s]*:[^@\s]*@/i;

/** The secrets one variable holds: its value when it is named like one, a URL's password. */
function envSecrets(name: string, value: string): string[] {
  if ((SECRET_ENV as readonly string[]).includes(name)) return variants(value);
  const out: string[] = [];
  if (URL_WITH_PASSWORD.test(value)) for (const p of urlPassword(value)) out.push(...variants(p));
  if (!NOT_SECRET_ENV.has(name) && namedSecret(name, value)) out.push(...variants(value, NAMED_MIN_LENGTH));
  return out;
}

// Every line of output is redacted, so the environment's secrets are worked out again only when a
// variable or a registered secret changed.
let cache: {
  env: NodeJS.ProcessEnv;
  seen: Map<string, string>;
  version: number;
  envVersion: number;
  values: string[];
} | null = null;

/**
 * process.env behind a proxy that counts its writes, so that whether a variable changed is one
 * comparison: the store redacts every statement it writes with the current secrets, and re-reading
 * every variable for each crosses into the runtime tens of times. Shared by every copy of this module
 * in the process (a bundle beside the sources), so a write through any of them is counted once.
 */
interface EnvWatch {
  readonly proxy: NodeJS.ProcessEnv;
  version: number;
}

const ENV_WATCH = Symbol.for('papertrail.redact.env-watch');

function watchEnv(): EnvWatch {
  const g = globalThis as { [ENV_WATCH]?: EnvWatch };
  const found = g[ENV_WATCH];
  if (found) return found;
  const raw = process.env;
  // Writes go to the real object (receiver left out) so its own rules still apply: values become
  // strings, TZ resets the time zone, children spawned later inherit the change.
  const watch: EnvWatch = {
    version: 0,
    proxy: new Proxy(raw, {
      set(target, key, value) {
        watch.version++;
        return Reflect.set(target, key, value);
      },
      deleteProperty(target, key) {
        watch.version++;
        return Reflect.deleteProperty(target, key);
      },
      defineProperty(target, key, desc) {
        watch.version++;
        return Reflect.defineProperty(target, key, desc);
      },
    }),
  };
  g[ENV_WATCH] = watch;
  process.env = watch.proxy;
  return watch;
}

const envWatch = watchEnv();

// A write the proxy cannot see (native code calling setenv, a reference to the real object taken
// before this module loaded) is missed until another variable changes. An environment that is not
// the watched one (process.env replaced by a plain object) is read again once per turn of the event
// loop's microtasks instead: a variable set there between two redactions of one synchronous stretch
// of code is seen from the next.
let envCheckedThisTurn = false;

function cached(env: NodeJS.ProcessEnv): string[] | null {
  if (!cache || cache.env !== env || cache.version !== registeredVersion) return null;
  if (env === envWatch.proxy && process.env === env)
    return cache.envVersion === envWatch.version ? cache.values : null;
  if (env === process.env) {
    if (envCheckedThisTurn) return cache.values;
    envCheckedThisTurn = true;
    queueMicrotask(() => {
      envCheckedThisTurn = false;
    });
  }
  let n = 0;
  for (const k in env) {
    const v = env[k];
    if (v === undefined) continue;
    n++;
    if (cache.seen.get(k) !== v) return null;
  }
  return n === cache.seen.size ? cache.values : null;
}

/** Every known secret value, longest first so a secret that contains another is replaced whole. */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const hit = cached(env);
  if (hit) return hit;
  const envVersion = envWatch.version;
  const all = new Set(registered);
  const seen = new Map<string, string>();
  for (const k in env) {
    const v = env[k];
    if (v === undefined) continue;
    seen.set(k, v);
    for (const s of envSecrets(k, v)) all.add(s);
  }
  const values = [...all].sort((a, b) => b.length - a.length);
  cache = { env, seen, version: registeredVersion, envVersion, values };
  return values;
}

/**
 * Registers the secrets written in papertrail.yaml (a health check's URL with a password, a
 * `token:` in a command's environment, a key the detector recognises), so they are redacted wherever
 * the setting's value shows up later: a deploy command echoed in a run's log, an error quoting it.
 */
export function registerConfigSecrets(raw: unknown): void {
  for (const s of configSecrets(raw)) registerSecret(s);
}

/** The secrets written in settings read from papertrail.yaml (see registerConfigSecrets). */
export function configSecrets(raw: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown, key: string | null): void => {
    if (typeof v === 'string') {
      if (key !== null && namedSecret(key, v)) found.push(v);
      if (URL_WITH_PASSWORD.test(v)) found.push(...urlPassword(v));
      for (const line of v.split(/\r?\n/))
        for (const h of findSecrets(line)) found.push(line.slice(h.start, h.end));
      return;
    }
    if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(raw, null);
  return found;
}

let redactions = 0;

/** How many values were redacted in this process (what /metrics reports; never which). */
export function redactionCount(): number {
  return redactions;
}

const count = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf(REDACTED); i >= 0; i = text.indexOf(REDACTED, i + REDACTED.length)) n++;
  return n;
};

/** `text` with every known secret value replaced by [REDACTED]. */
export function redactText(text: string, secrets: readonly string[] = secretValues()): string {
  let out = text;
  for (const s of secrets)
    if (out.includes(s)) {
      const parts = out.split(s);
      redactions += parts.length - 1;
      out = parts.join(REDACTED);
    }
  return out;
}

/** `text` without the secrets the detector finds (counted). */
function redactPatterns(text: string): string {
  const out = redactSecrets(text);
  if (out !== text) redactions += Math.max(1, count(out) - count(text));
  return out;
}

/** Texts redactOutput returned with the current secrets (at most CLEAN_MAX, then started anew). */
const CLEAN_MAX = 20_000;
let clean: { values: readonly string[]; texts: Set<string> } = { values: [], texts: new Set() };

/**
 * What a run produced, on its way out or into the store: known values and anything the detector
 * takes for a secret are replaced by [REDACTED].
 */
export function redactOutput(text: string, secrets: readonly string[] = secretValues()): string {
  // A line is redacted as it is streamed, logged and stored: what came out of here goes through again
  // as it is, without a second pass of every pattern.
  const current = secrets === cache?.values;
  if (current && clean.values === secrets && clean.texts.has(text)) return text;
  const out = redactPatterns(redactText(text, secrets));
  if (current) {
    if (clean.values !== secrets || clean.texts.size >= CLEAN_MAX)
      clean = { values: secrets, texts: new Set() };
    clean.texts.add(out);
  }
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
  const text = (v: string) => (opts.patterns ? redactOutput(v, secrets) : redactText(v, secrets));
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
  return redactOutput(text);
}

// A private key's block spans lines; streamed line by line, the lines after its header look like
// nothing on their own, so the redactor remembers it is inside one.
const KEY_BEGIN = /-----BEGIN[ A-Z0-9_-]{0,40}?PRIVATE KEY(?: BLOCK)?-----/;
const KEY_END = /-----END[ A-Z0-9_-]{0,40}?PRIVATE KEY(?: BLOCK)?-----/;
const KEY_BODY =
  /^[ \t]*(?:[A-Za-z0-9+/=]{8,}|(?:Proc-Type|DEK-Info|Comment|Version|Hash):.*|=[A-Za-z0-9+/]{4})[ \t]*\r?$/;

/** Whether a private key's block starts on `line` and does not end there. */
function opensKey(line: string): boolean {
  const begins = [...line.matchAll(new RegExp(KEY_BEGIN.source, 'g'))];
  if (!begins.length) return false;
  const last = begins.at(-1)!;
  return !KEY_END.test(line.slice(last.index + last[0].length));
}

/** The longest line held whole before it is let out in pieces. */
export const STREAM_MAX_LINE = 1024 * 1024;

/**
 * Redacts output that comes in chunks (a command's stdout), where a secret may be cut in two by
 * where one chunk ends. Whole lines go out redacted; the unfinished last line is held until its end
 * comes (or `end()`), so a secret split across chunks is redacted whole. A line longer than
 * `maxLine` goes out in pieces, each cut at a space at least the longest known secret before the end
 * of what is held: a known value is never cut, a pattern-shaped one only where that line has no space.
 */
export class StreamRedactor {
  private held = '';
  private inKey = false;

  constructor(
    private readonly maxLine = STREAM_MAX_LINE,
    private readonly secrets: () => readonly string[] = secretValues,
  ) {}

  /** What of the output so far can go out: redacted, whole lines (or a piece of a very long one). */
  push(chunk: string): string {
    this.held += chunk;
    let out = '';
    const nl = this.held.lastIndexOf('\n');
    if (nl >= 0) {
      out = this.lines(this.held.slice(0, nl + 1));
      this.held = this.held.slice(nl + 1);
    }
    if (this.held.length > this.maxLine) out += this.piece();
    return out;
  }

  /** The rest, once the output has ended. */
  end(): string {
    const out = this.held ? this.lines(this.held) : '';
    this.held = '';
    this.inKey = false;
    return out;
  }

  private piece(): string {
    const secrets = this.secrets();
    // Known values held whole are replaced first; one still arriving starts within `longest` of the end.
    const text = redactText(this.held, secrets);
    const longest = secrets[0]?.length ?? 0;
    const limit = text.length - Math.max(longest, 1);
    if (limit <= 0) {
      this.held = text;
      return '';
    }
    const space = text.slice(0, limit + 1).search(/\s\S*$/);
    const cut = space > 0 ? space : limit;
    this.held = text.slice(cut);
    return redactPatterns(text.slice(0, cut));
  }

  private lines(text: string): string {
    const secrets = this.secrets();
    let out = '';
    for (let line of text.split(/(?<=\n)/)) {
      if (this.inKey) {
        const end = KEY_END.exec(line);
        if (!end && KEY_BODY.test(line.replace(/\n$/, ''))) {
          out += line.replace(/[^\r\n]+/g, '');
          continue;
        }
        this.inKey = false;
        // The block's last line: what follows its end line is output again.
        if (end) line = line.slice(end.index + end[0].length);
      }
      this.inKey = opensKey(line);
      out += redactOutput(line, secrets);
    }
    return out;
  }
}

// One secret detector for the whole product: the governance check scans documents with it, and anything
// that prints or stores text can pass it through redactSecrets. Three kinds of evidence:
// - token shapes a vendor made recognisable on purpose (`ghp_`, `glpat-`, `xoxb-`, `AKIA`, PEM headers…);
// - a credential-named key given a literal value (`DB_PASSWORD=…`, `"apiKey": "…"`, `--token …`);
// - credentials carried by a URL or an HTTP header (`user:pass@host`, `Bearer …`).
// Documentation is full of the second kind's look-alikes, so values that are placeholders (`<token>`,
// `${VAR}`, `${{ secrets.X }}`, `xxx`, `changeme`), references (`process.env.X`, `os.getenv(…)`, an
// env var's name), paths, prose or low-entropy words are not reported.

export interface SecretHit {
  /** What was found, for messages: "GitHub token", "password with a literal value". */
  name: string;
  /** 1-based column where the match starts (the key name, for an assignment). */
  column: number;
  /** 0-based offsets of the secret value itself in the line: what redaction replaces. */
  start: number;
  end: number;
}

export const REDACTED = '[REDACTED]';

interface TokenRule {
  name: string;
  /** Global, with the value in group 1 when only part of the match is secret. */
  re: RegExp;
}

// Boundaries: a token is not the middle of a longer word (`\b` would let `_`-joined names through).
const L = '(?<![A-Za-z0-9_+/-])';
const R = '(?![A-Za-z0-9_])';
const tok = (name: string, body: string, flags = ''): TokenRule => ({
  name,
  re: new RegExp(`${L}(${body})${R}`, `g${flags}`),
});

const TOKENS: TokenRule[] = [
  tok('AWS access key ID', '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}'),
  tok('GitHub token', 'gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}'),
  tok(
    'GitLab token',
    'gl(?:pat|dt|ft|rt|soat|ptt|imt|agent|oas|cbt-[0-9a-zA-Z]{1,5}|ffct|sa)[-_][A-Za-z0-9_.-]{20,300}|GR1348941[A-Za-z0-9_-]{20,}',
  ),
  tok('Slack token', 'xox[abposre](?:\\.xox[bp])?-[A-Za-z0-9-]{10,}|xapp-\\d-[A-Za-z0-9-]{10,}'),
  tok('Google API key', 'AIza[0-9A-Za-z_-]{35}'),
  tok('Stripe key', '[sr]k_(?:live|test|prod)_[0-9A-Za-z]{10,99}'),
  tok('Anthropic API key', 'sk-ant-(?:api|admin)\\d\\d-[A-Za-z0-9_-]{80,}'),
  tok('OpenAI-style API key', 'sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}'),
  tok('npm token', 'npm_[A-Za-z0-9]{36}'),
  tok('PyPI token', 'pypi-AgE[A-Za-z0-9_-]{50,}'),
  tok('RubyGems token', 'rubygems_[a-f0-9]{48}'),
  tok('SendGrid key', 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  tok('Twilio API key', 'SK[0-9a-f]{32}'),
  tok('Mailchimp key', '[0-9a-f]{32}-us\\d{1,2}'),
  tok('Mailgun key', 'key-[0-9a-f]{32}'),
  tok('Sendinblue key', 'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}'),
  tok('Square token', 'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,60}|EAAA[A-Za-z0-9_-]{60}'),
  tok('Shopify token', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'),
  tok('DigitalOcean token', 'do[opr]_v1_[a-f0-9]{64}'),
  tok('Hugging Face token', '(?:hf_|api_org_)[A-Za-z]{34}'),
  tok('Vault token', 'hv[sbr]\\.[A-Za-z0-9_-]{90,300}'),
  tok('Terraform Cloud token', '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}'),
  tok('Databricks token', 'dapi[a-f0-9]{32}(?:-\\d)?'),
  tok('Doppler token', 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}'),
  tok('Pulumi token', 'pul-[a-f0-9]{40}'),
  tok('Postman key', 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}'),
  tok('Grafana token', 'glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
  tok('Sentry token', 'sntry[us]_[A-Za-z0-9+/=_]{40,}'),
  tok('Linear key', 'lin_api_[A-Za-z0-9]{40}'),
  tok('Notion token', 'ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}'),
  tok('PlanetScale token', 'pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.-]{32,64}'),
  tok('Heroku key', 'HRKU-AA[0-9a-zA-Z_-]{58}'),
  tok('Fly.io token', 'fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3}'),
  tok('Artifactory key', 'AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59}'),
  tok('Azure AD client secret', '[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}'),
  tok('Alibaba key', 'LTAI[A-Za-z0-9]{20}'),
  tok('age secret key', 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
  tok(
    '1Password key',
    'A3-[A-Z0-9]{6}-[A-Z0-9-]{11,12}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}|ops_eyJ[A-Za-z0-9+/]{100,}',
  ),
  tok('Perplexity key', 'pplx-[A-Za-z0-9]{48}'),
  tok('Dynatrace token', 'dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}'),
  tok('New Relic key', 'NR(?:AK|II|JS)-[A-Za-z0-9-]{19,32}'),
  tok('Telegram bot token', '\\d{8,10}:AA[A-Za-z0-9_-]{33}'),
  tok('Discord bot token', '[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}'),
  tok('JSON web token', 'eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}'),
  tok('private key', 'PuTTY-User-Key-File-\\d'),
  {
    name: 'private key',
    re: /-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    name: 'Slack webhook',
    re: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9+/_-]{20,})/g,
  },
  {
    name: 'Discord webhook',
    re: /discord(?:app)?\.com\/api\/webhooks\/\d+\/([A-Za-z0-9_-]{60,})/g,
  },
  {
    name: 'Microsoft Teams webhook',
    re: /\.webhook\.office\.com\/webhookb2\/([A-Za-z0-9@/-]{60,})/g,
  },
  {
    name: 'Azure storage key',
    re: /(?<![A-Za-z])(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,}={0,2})/g,
  },
  {
    name: 'npm auth token',
    re: /:_(?:authToken|auth|password)=([^\s"'$][^\s"']{7,})/g,
  },
];

// ---- placeholders, references and prose ----------------------------------------------------------

const PLACEHOLDER_WORDS = new Set(
  [
    'password',
    'passwd',
    'pass',
    'secret',
    'token',
    'apikey',
    'api_key',
    'string',
    'str',
    'required',
    'optional',
    'inherit',
    'none',
    'null',
    'nil',
    'undefined',
    'true',
    'false',
    'yes',
    'no',
    'on',
    'off',
    'empty',
    'unset',
    'hidden',
    'masked',
    'redacted',
    'changeme',
    'change_me',
    'change-me',
    'changeit',
    'placeholder',
    'dummy',
    'test',
    'todo',
    'tbd',
    'default',
    'prompt',
    'env',
    'vault',
    'generated',
    'random',
  ].map((w) => w.toLowerCase()),
);

const PLACEHOLDER_SHAPE =
  /^(?:<[^>]*>?|\[[^\]]*\]|\$\{[^}]*\}?|\$\([^)]*\)?|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\{\{.*|@[A-Za-z_]+@|!(?:Ref|Sub|GetAtt|vault|secret)\b.*|\*+|\.{2,}|-+|_+|#+)$/;
// Fragments that mark an example value wherever they sit in it.
const PLACEHOLDER_PART =
  /(\d)\1{5,}|x{4,}|X{4,}|\*{3,}|\.{3}|\u2026|<[^>]*>|\$\{|\{\{|EXAMPLE|example|your[-_]?(?:own[-_]?)?(?:api|key|token|secret|pass|app|client|access|db)|YOUR_|REPLACE|replace[-_]?me|changeme|CHANGEME|placeholder|PLACEHOLDER|dummy|DUMMY|redacted|REDACTED/;

function sequential(v: string): boolean {
  // `abcdefgh`, `12345678`, `ABCDEFGH`: typed to show a shape, never generated.
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    run = v.charCodeAt(i) === v.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= 8) return true;
  }
  return false;
}

function repeated(v: string): boolean {
  // One character (or two alternating) over and over: `00000000`, `abababab`.
  if (v.length < 6) return false;
  const a = v[0];
  let b: string | undefined;
  for (const ch of v) {
    if (ch === a || ch === b) continue;
    if (b !== undefined) return false;
    b = ch;
  }
  return true;
}

// A timestamp, a version or a regular expression given to a credential-named key is not its value.
function isCode(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/.test(v) || /\\[sSdDwWbB.()[\]|?*+^$/-]|\(\?[:=!<]/.test(v);
}

const SAYS_WHAT_IT_IS: Record<'password' | 'secret' | 'weak', RegExp> = {
  password: /passw(?:or)?d/i,
  secret: /token|secret|passw(?:or)?d|api_?key|credential/i,
  weak: /token|secret|passw(?:or)?d|api_?key|credential/i,
};

/** Shannon entropy in bits per character. */
function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function isPlaceholder(v: string): boolean {
  if (!v) return true;
  const bare = v.replace(/^["'`]+|["'`]+$/g, '');
  if (!bare) return true;
  if (PLACEHOLDER_WORDS.has(bare.toLowerCase())) return true;
  return PLACEHOLDER_SHAPE.test(bare) || PLACEHOLDER_PART.test(bare) || repeated(bare);
}

/** A value that names where the secret lives instead of holding it. */
function isReference(v: string): boolean {
  return (
    // An environment variable's name: `DB_PASSWORD`, `GITHUB_TOKEN`.
    /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v) ||
    // A dotted path: `secrets.DB_PASSWORD`, `process.env.TOKEN`, `settings.db.password` (a token with
    // dots, like a Vault or Discord one, has long segments or many digits).
    (/^[A-Za-z_$][\w$]{0,31}(?:\.[A-Za-z_$][\w$]{0,31})+$/.test(v) && (v.match(/\d/g)?.length ?? 0) <= 2) ||
    // A dunder name: `__token__` (PyPI's user name for token uploads).
    /^__\w+__$/.test(v) ||
    // A call or an index: `os.getenv("X")`, `env("X")`, `os.environ["X"]`, `getpass()`.
    /^[A-Za-z_$][\w$.]*\s*[([]/.test(v) ||
    // A path to a file that holds it, or a URL that serves it.
    (/^(?:~|\.{1,2})?\/[\w.@-]+(?:\/[\w.@-]*)*$/.test(v) && !/[A-Z].*[A-Z].*[A-Z]/.test(v)) ||
    /^[\w.-]+\.(?:pem|key|p12|pfx|crt|cer|json|ya?ml|env|txt|gpg|asc|kdbx)$/i.test(v) ||
    /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(v) ||
    /^(?:arn:aws:|projects\/|vault:|ref\+|op:\/\/|sm:\/\/|gcp:|azure:|k8s:|secret:|@Microsoft\.KeyVault)/i.test(
      v,
    )
  );
}

// ---- credential-named keys ---------------------------------------------------------------------------

/** Splits `aws_secret_access_key`, `AWS-SECRET`, `apiKey`, `X-Api-Key`, `db.password` into lower-case words. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

// A key ending in one of these names something about a secret, not the secret: `token_url`, `password_policy`.
const NOT_SECRET_LAST = new Set(
  'id ids name names url uri urls endpoint host file files path paths dir length len size policy policies type types ttl expiry expires expiration ref reference arn env var vars count min max format hint prompt field fields header label version scope scopes provider store manager location mode rotation enabled required timeout hash hashed salt digest algorithm alg cipher sha md5 fingerprint mask regex pattern template param params parameter prefix suffix kind class schema rule rules filter limit help description desc title message msg error errors confirmation confirm changed updated created lifetime age validity generator source sources list table column index'.split(
    ' ',
  ),
);
// A key with one of these words anywhere is not a credential: `public_key`, `max_tokens`, `tokenizer`.
const NOT_SECRET_WORD = new Set(
  'public pub max min num number count tokens tokenizer tokenize tokenized keys keyboard keyspace keystroke passport bypass compass passenger passthrough passing passed secretary csrf xsrf length sort partition primary foreign cache idempotency expires expiry expiration ttl'.split(
    ' ',
  ),
);
// Concatenated or compound forms: `apikey`, `accountkey`, `privatekey`, `secretkey`, `signingkey`.
const KEY_QUALIFIERS =
  /^(?:api|access|private|priv|secret|account|client|auth|app|application|service|signing|encryption|enc|master|license|licence|session|shared|storage|subscription|db|database|consumer|webhook|hmac|jwt|admin|root|deploy|ssh|gpg|pgp|sas|sdk|integration|write|read|ingest|ingestion|management)$/;

type KeyKind = 'password' | 'secret' | 'weak';

function keyKind(key: string): KeyKind | null {
  const words = keyWords(key);
  if (!words.length) return null;
  const last = words[words.length - 1]!;
  if (NOT_SECRET_LAST.has(last) || words.some((w) => NOT_SECRET_WORD.has(w))) return null;
  let kind: KeyKind | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (/(?:password|passwd|passphrase|pwd)$/.test(w) || w === 'pass' || w === 'contrasena')
      return 'password';
    if (/(?:secret|token)$/.test(w) || /^(?:credentials?|creds)$/.test(w)) kind = 'secret';
    else if (/key$/.test(w) && w !== 'key' && KEY_QUALIFIERS.test(w.slice(0, -3))) kind = 'secret';
    else if (w === 'key' && i > 0 && KEY_QUALIFIERS.test(words[i - 1]!)) kind = 'secret';
    else if (!kind && (w === 'key' || w === 'auth' || w === 'pat' || w === 'sig' || w === 'signature'))
      kind = 'weak';
  }
  return kind;
}

/**
 * Whether `value`, given to a variable or setting called `name`, is a secret's literal value: the name
 * says password, token, secret or a qualified key, and the value is neither a placeholder nor a
 * reference (a path, a URL without credentials, another variable's name).
 */
export function namedSecret(name: string, value: string): boolean {
  const kind = keyKind(name);
  if (kind !== 'password' && kind !== 'secret') return false;
  const v = value.trim();
  return !!v && !isPlaceholder(v) && !isReference(v);
}

function charClasses(v: string): number {
  return (
    (/[a-z]/.test(v) ? 1 : 0) +
    (/[A-Z]/.test(v) ? 1 : 0) +
    (/[0-9]/.test(v) ? 1 : 0) +
    (/[^A-Za-z0-9]/.test(v) ? 1 : 0)
  );
}

/**
 * Whether a literal given to a credential-named key is secret enough to report. Passwords are chosen by
 * people (a word will do); tokens and keys are generated, so they must look generated; a bare `key` or
 * `auth` says little, so its value must look random.
 */
function literalIsSecret(v: string, kind: KeyKind, quoted: boolean, prose: boolean): boolean {
  if (v.length < (quoted ? 4 : 6)) return false;
  if (kind === 'weak' && (v.length < 16 || !/\d/.test(v) || !/[A-Za-z]/.test(v))) return false;
  if (isPlaceholder(v) || isReference(v) || sequential(v) || isCode(v)) return false;
  // Generated values never spell what they are; documentation's examples do (`token: "usertoken123"`,
  // `clientSecret: "0123secret"`, `password: mypassword1`).
  if (SAYS_WHAT_IT_IS[kind].test(v)) return false;
  if (/^\d{1,5}$/.test(v) || /^\d+(?:\.\d+)?[a-z]{0,2}$/i.test(v)) return false; // `3600`, `30d`, `1.5`
  const generated = v.length >= 6 && (charClasses(v) >= 3 || (/\d/.test(v) && /[A-Za-z]/.test(v)));
  const entropy = shannonEntropy(v);
  if (kind === 'weak') return v.length >= 16 && entropy >= 3.5 && /\d/.test(v) && /[A-Za-z]/.test(v);
  // A lower-case word followed by more words is a sentence about the key, not its value.
  if (prose && !generated) return false;
  if (kind === 'password') return true;
  return generated || (v.length >= 12 && entropy >= 3.3);
}

// `key <sep> value`: the key may be quoted (`"password":`), followed by `]` (`['password'] =`), or
// an option (`--password=`); `==`, `!=`, `<=` and `>=` are comparisons, not assignments.
const ASSIGN =
  /(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_.-]{0,80})(?:["'`]?\]?)[ \t]*(:=|=>|\?=|=(?!=)|:(?!:))[ \t]*/g;
// `--password …`, `-Password …`: a command-line flag with its value.
const FLAG = /(?<![\w-])--?([A-Za-z][A-Za-z0-9-]*)[ \t]+(?=[^\s-])/g;

interface Value {
  start: number;
  end: number;
  quoted: boolean;
  /** Unquoted and followed by more words on the line. */
  prose: boolean;
}

const MAX_VALUE = 256;

const OPEN_PLACEHOLDER =
  /^(?:\$\{\{[^}]{0,200}\}\}|\{\{[^}]{0,200}\}\}|\$\{[^}]{0,200}\}|<[^>]{0,200}>|\$\([^)]{0,200}\))/;

/** The value that starts at `at`, or null when there is none (or it is a template expression). */
function valueAt(line: string, at: number, query: boolean): Value | null {
  // Values are short; looking further would make a long line of `k=k=k=…` cost its length squared.
  const rest = line.slice(at, at + MAX_VALUE + 2);
  if (!rest || OPEN_PLACEHOLDER.test(rest)) return null;
  const q = rest[0]!;
  if (q === '"' || q === "'" || q === '`') {
    const close = rest.indexOf(q, 1);
    if (close > 1) {
      const inner = rest.slice(1, close);
      // Quoted text with spaces is a message or a label, not a credential.
      if (/\s/.test(inner)) return null;
      return { start: at + 1, end: at + close, quoted: true, prose: false };
    }
    if (close === 1) return null;
  }
  const off = q === '"' || q === "'" || q === '`' ? 1 : 0;
  const m = (query ? /^[^\s"'`,;&]+/ : /^[^\s"'`,;]+/).exec(rest.slice(off, off + MAX_VALUE));
  if (!m) return null;
  let v = m[0];
  // A sentence's full stop or a closing bracket is not part of the value.
  v = v.replace(/[.)\]}>]+$/, '');
  if (!v) return null;
  const after = rest.slice(off + m[0].length);
  const prose = /^[ \t]+[A-Za-z(]/.test(after) && !/^[ \t]+(?:#|\/\/|--)/.test(after);
  return { start: at + off, end: at + off + v.length, quoted: false, prose };
}

function keyLabel(key: string, kind: KeyKind): string {
  const words = keyWords(key);
  const last = words[words.length - 1] ?? 'secret';
  if (kind === 'password') return 'password with a literal value';
  if (/token$/.test(last)) return 'token with a literal value';
  if (/key$/.test(last)) return 'key with a literal value';
  return 'secret with a literal value';
}

// `<add key="DbPassword" value="…" />`: .NET and NuGet settings name the key in an attribute.
const XML_SETTING = /\bkey\s*=\s*"([^"]+)"\s+value\s*=\s*/g;
// `requirepass …` (Redis), `password …` (.netrc): a directive and its value, separated by a space.
const DIRECTIVE =
  /(?:^[ \t]*|\blogin[ \t]+\S+[ \t]+)(requirepass|masterauth|password|passwd)[ \t]+(?=[^\s:=]+[ \t]*$)/gi;

function check(
  line: string,
  key: string,
  kind: KeyKind | null,
  at: number,
  column: number,
  opts: { query?: boolean; spacedKey?: boolean; mustLookGenerated?: boolean },
  out: SecretHit[],
): void {
  if (!kind) return;
  const v = valueAt(line, at, opts.query ?? false);
  if (!v) return;
  const value = line.slice(v.start, v.end);
  // `VAR=value command` is shell, not a sentence: only `key: words…` or `key = words…` read as prose.
  if (!literalIsSecret(value, kind, v.quoted, v.prose && (opts.spacedKey ?? true))) return;
  if (opts.mustLookGenerated && !(/\d/.test(value) && /[A-Za-z]/.test(value))) return;
  // A token or key named after its key is a variable in code: `privateKey: privateKeyPkcs8`.
  const last = keyWords(key).at(-1) ?? '';
  if (kind !== 'password' && last.length >= 3 && value.toLowerCase().includes(last)) return;
  out.push({ name: keyLabel(key, kind), column, start: v.start, end: v.end });
}

function assignments(line: string, out: SecretHit[]): void {
  for (const m of line.matchAll(ASSIGN)) {
    const before = line[m.index - 1];
    const query = before === '?' || before === '&' || before === ';';
    const spacedKey = m[2] !== '=' || /\s/.test(m[0]);
    check(line, m[1]!, keyKind(m[1]!), m.index + m[0].length, m.index + 1, { query, spacedKey }, out);
  }
  for (const m of line.matchAll(XML_SETTING))
    check(line, m[1]!, keyKind(m[1]!), m.index + m[0].length, m.index + 1, {}, out);
  for (const m of line.matchAll(FLAG)) {
    const kind = keyKind(m[1]!);
    if (kind === 'password' || kind === 'secret')
      check(line, m[1]!, kind, m.index + m[0].length, m.index + 1, {}, out);
  }
  // A bare word and a value is mostly prose ("password reset link"): only a value with letters and
  // digits counts here.
  for (const m of line.matchAll(DIRECTIVE))
    check(line, m[1]!, 'password', m.index + m[0].length, m.index + 1, { mustLookGenerated: true }, out);
}

// ---- URLs and headers --------------------------------------------------------------------------------

const URL_CREDENTIALS =
  /\b[a-z][a-z0-9+.-]{0,30}:\/\/([^\s:/@"'`<>]{0,256}):([^\s@/"'`<>]{1,256})@[\w.[\]-]/gi;
const CURL_USER = /(?:^|\s)(?:-u|--user)[ \t=]+["']?([^\s:"']+):([^\s"']+?)["']?(?=\s|$)/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Token|token|Bot)[ \t]+([A-Za-z0-9._~+/=-]{12,})/g;

function credentialsInUrls(line: string, out: SecretHit[]): void {
  for (const m of line.matchAll(URL_CREDENTIALS)) {
    const pw = m[2]!;
    if (pw.length < 3 || isPlaceholder(pw) || isReference(pw) || /^\$|^%/.test(pw)) continue;
    if (SAYS_WHAT_IT_IS.password.test(pw)) continue; // `user:somepassword@host`
    const start = m.index + m[0].indexOf(`:${pw}@`, m[0].indexOf('://') + 3) + 1;
    out.push({ name: 'credentials in a URL', column: m.index + 1, start, end: start + pw.length });
  }
  for (const m of line.matchAll(CURL_USER)) {
    const pw = m[2]!;
    if (pw.length < 4 || isPlaceholder(pw) || isReference(pw) || /^\$|^%|^\{/.test(pw)) continue;
    const start = m.index + m[0].lastIndexOf(pw);
    out.push({
      name: 'credentials of a command',
      column: m.index + 1 + (m[0].length - m[0].trimStart().length),
      start,
      end: start + pw.length,
    });
  }
  for (const m of line.matchAll(AUTH_SCHEME)) {
    const v = m[2]!.replace(/[.,;:)]+$/, '');
    if (isPlaceholder(v) || isReference(v)) continue;
    // An opaque token is generated: long, mixed, and not a sentence word.
    if (v.length < 16 || shannonEntropy(v) < 3.5 || charClasses(v) < 2) continue;
    const start = m.index + m[0].length - m[2]!.length;
    out.push({
      name: `${m[1]![0]!.toUpperCase()}${m[1]!.slice(1).toLowerCase()} credentials`,
      column: m.index + 1,
      start,
      end: start + v.length,
    });
  }
}

// Every token rule in one pattern: most lines hold none, and one scan for all of them tells so far
// sooner than a scan per rule. The rules share their flags and hold no back-references, so the
// alternation matches a line exactly when one of the rules does.
const ANY_TOKEN = new RegExp(TOKENS.map((r) => `(?:${r.re.source})`).join('|'));
if (TOKENS.some((r) => r.re.flags !== 'g')) throw new Error('every token rule must have the flags "g" alone');

/** Whether any token rule matches `line`: one scan, the same answer as trying each rule. */
export function anyTokenRule(line: string): boolean {
  return ANY_TOKEN.test(line);
}

/** Whether any token rule matches `line`, trying each rule on its own (what anyTokenRule stands for). */
export function eachTokenRule(line: string): boolean {
  return TOKENS.some((r) => new RegExp(r.re.source).test(line));
}

function tokens(line: string, out: SecretHit[]): void {
  if (!ANY_TOKEN.test(line)) return;
  for (const r of TOKENS) {
    for (const m of line.matchAll(r.re)) {
      const value = m[1] ?? m[0];
      const start = m.index + (m[1] ? m[0].indexOf(m[1]) : 0);
      // A PEM header is the secret's marker, not the secret; every other token is checked for shape.
      if (r.name !== 'private key' && isPlaceholder(value)) continue;
      // A header quoted as code (`-----BEGIN … KEY-----`) names a format; one followed by `...` or `<…>`
      // shows a shape. Either way no key follows.
      if (r.name === 'private key' && m[0].startsWith('-----BEGIN')) {
        const end = m.index + m[0].length;
        if (line[m.index - 1] === '`' && line[end] === '`') continue;
        if (/^(?:\\n|\s)*(?:\.{3}|\u2026|<)/.test(line.slice(end, end + 12))) continue;
      }
      out.push({ name: r.name, column: m.index + 1, start, end: start + value.length });
    }
  }
}

// Overlapping hits (`GITHUB_TOKEN=ghp_…` is both a GitHub token and a token assignment) are one
// secret: the union is reported once, under the more specific name.
function merge(hits: SecretHit[], generic: Set<SecretHit>): SecretHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SecretHit[] = [];
  for (const h of hits) {
    const prev = out[out.length - 1];
    if (prev && h.start < prev.end) {
      const keepName = generic.has(prev) && !generic.has(h) ? h.name : prev.name;
      const merged = {
        name: keepName,
        column: Math.min(prev.column, h.column),
        start: prev.start,
        end: Math.max(prev.end, h.end),
      };
      if (generic.has(prev) && generic.has(h)) generic.add(merged);
      out[out.length - 1] = merged;
      continue;
    }
    out.push(h);
  }
  return out.sort((a, b) => a.column - b.column || a.start - b.start);
}

/** Every secret-looking string on one line, left to right (an empty list when there is none). */
export function findSecrets(line: string): SecretHit[] {
  const specific: SecretHit[] = [];
  tokens(line, specific);
  credentialsInUrls(line, specific);
  const keyed: SecretHit[] = [];
  assignments(line, keyed);
  return merge([...specific, ...keyed], new Set(keyed));
}

// A private key's body spans lines that look like nothing on their own: the whole block goes. Up to
// its END line, but never past another BEGIN nor further than the largest keys run (tens of KB for a
// PGP key with its subkeys): a header named in prose must not take every line up to a later key's
// END with it.
const PEM_BLOCK =
  /-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:(?:(?!-----BEGIN)[\s\S]){0,65536}?-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----|(?:(?:\r?\n|\\n)[ \t]*(?:[A-Za-z0-9+/=]{8,}|(?:Proc-Type|DEK-Info|Comment|Version|Hash):[^\r\n]*|=[A-Za-z0-9+/]{4}))*)/g;

function redactLine(line: string): string {
  let out = line;
  // Right to left, so earlier offsets stay valid.
  for (const h of findSecrets(line).sort((a, b) => b.start - a.start))
    out = out.slice(0, h.start) + REDACTED + out.slice(h.end);
  return out;
}

/**
 * The text with every detected secret value replaced by `[REDACTED]`; key names, URLs' hosts and
 * header names stay, so the output still reads. Private key blocks are replaced whole, their lines left
 * empty. Line breaks are never added or removed.
 */
export function redactSecrets(text: string): string {
  // The block's line breaks stay, so line numbers after it still point at the same lines.
  let out = text.replace(PEM_BLOCK, (block) => `${REDACTED} private key${block.replace(/[^\r\n]+/g, '')}`);
  // A replacement can join text into a new match (`token=[REDACTED]…`): go again until nothing changes.
  for (let pass = 0; pass < 4; pass++) {
    const next = out
      .split(/(\r?\n)/)
      .map((part, i) => (i % 2 ? part : redactLine(part)))
      .join('');
    if (next === out) break;
    out = next;
  }
  return out;
}

// The secret detector as it was before the shared one in src/base/secrets.ts (commit a56b432,
// src/domain/governance/secrets.ts), kept verbatim so bench/secrets.mjs can measure both.

// Secret-looking strings: the well-known token shapes plus a credential assigned a literal value.
// Placeholders (`<token>`, `${VAR}`, `xxx`, `changeme`) are what documents should contain instead.

interface Detector {
  name: string;
  re: RegExp;
}

const DETECTORS: Detector[] = [
  { name: 'AWS access key ID', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: 'Slack token', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'Stripe secret key', re: /\b[sr]k_live_[0-9A-Za-z]{16,}\b/ },
  { name: 'OpenAI-style API key', re: /\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b/ },
  { name: 'private key', re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { name: 'JSON web token', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: 'credentials in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]{3,}@/i },
];

const ASSIGNED =
  /\b(password|passwd|pwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|token|client[_-]?secret)\b["']?\s*[:=]\s*["']?([^\s"'`,;]{8,})/i;

const PLACEHOLDER =
  /^(?:<.*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{.*\}\}|x{3,}|\*{3,}|\.{3,}|changeme|redacted|example.*|your[-_].*|secrets?\.[A-Za-z_.]+|env\.[A-Za-z_.]+)$/i;

export interface SecretHit {
  name: string;
  /** 1-based column of the match in the line. */
  column: number;
}

/** The first secret-looking string on a line, or null. */
export function findSecret(line: string): SecretHit | null {
  for (const d of DETECTORS) {
    const m = d.re.exec(line);
    if (m) return { name: d.name, column: m.index + 1 };
  }
  const a = ASSIGNED.exec(line);
  if (a && !PLACEHOLDER.test(a[2]!) && /\d/.test(a[2]!) && /[A-Za-z]/.test(a[2]!)) {
    return { name: `${a[1]!.toLowerCase()} with a literal value`, column: a.index + 1 };
  }
  return null;
}

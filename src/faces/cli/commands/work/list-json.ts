import type { WorkRowView } from '../../../../app/execution/index.js';
import { secretValues } from '../../../../base/index.js';
import { printJson } from '../../io.js';
import { jsonTerminalSafe } from '../../terminal-safe.js';

/**
 * `work list --json`: what printJson prints, byte for byte. printJson copies the whole value to
 * redact every string in it; at plan scale, with a secret known (a password in DATABASE_URL is one),
 * that copy and its garbage were the largest part of the list's CPU (BENCHMARKS.md, `work list`).
 * When no string of the document holds a secret, the copy would equal the rows, so they are
 * stringified as they are; otherwise printJson redacts them.
 */
export function printWorkList(rows: readonly WorkRowView[]): void {
  const doc = { ok: true, items: rows };
  const secrets = secretValues();
  if (secrets.length > 0 && holdsSecret(doc, secrets)) printJson(doc);
  else process.stdout.write(jsonTerminalSafe(`${JSON.stringify(doc, null, 2)}\n`));
}

/** Whether a string or key anywhere in `v`, as redactDeep walks it, contains one of `secrets`. */
function holdsSecret(v: unknown, secrets: readonly string[]): boolean {
  if (typeof v === 'string') return secrets.some((s) => v.includes(s));
  if (typeof v !== 'object' || v === null) return false;
  const json = (v as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return holdsSecret(json.call(v), secrets);
  if (Array.isArray(v)) return v.some((x) => holdsSecret(x, secrets));
  for (const k of Object.keys(v))
    if (holdsSecret(k, secrets) || holdsSecret((v as Record<string, unknown>)[k], secrets)) return true;
  return false;
}

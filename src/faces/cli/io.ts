import { formatLocation, isPtError, PtError } from '../../base/errors.js';
import { redactDeep, redactErrorText, redactText, secretValues } from '../../base/redact.js';
import { jsonTerminalSafe, terminalSafe } from './terminal-safe.js';

export interface Out {
  json: boolean;
}

export function print(text: string): void {
  const s = redactText(text);
  process.stdout.write(terminalSafe(s.endsWith('\n') ? s : `${s}\n`));
}

/** Redacted before it is serialised: a secret with a quote or backslash in it is escaped in JSON text. */
/** A secret JSON writes as it is: found in the text if the value holds it. */
const JSON_PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

export function printJson(value: unknown): void {
  const secrets = secretValues();
  let text = JSON.stringify(value, null, 2);
  // Most results hold no secret: the redacting copy is made only when the text shows one, or when
  // one would be escaped in it (a quote, a backslash) and could hide there.
  if (secrets.some((s) => !JSON_PLAIN.test(s) || text?.includes(s)))
    text = JSON.stringify(redactDeep(value, secrets), null, 2);
  process.stdout.write(jsonTerminalSafe(`${text}\n`));
}

export function warn(text: string): void {
  process.stderr.write(terminalSafe(`warning: ${redactText(text)}\n`));
}

const GUARDED = Symbol.for('papertrail.redacted-stream');

/**
 * Every later write to stdout and stderr is redacted too, whoever makes it (commander, a verb that
 * writes SARIF itself, a library's warning): the last gate before a value leaves the process.
 */
export function redactStreams(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const s = stream as NodeJS.WriteStream & { [GUARDED]?: true };
    if (s[GUARDED]) continue;
    s[GUARDED] = true;
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(redactChunk(chunk), ...rest)) as typeof stream.write;
  }
}

function redactChunk(chunk: unknown): unknown {
  const secrets = secretValues();
  if (secrets.length === 0) return chunk;
  if (typeof chunk === 'string') return redactText(chunk, secrets);
  if (chunk instanceof Uint8Array) {
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
    const out = redactText(text, secrets);
    return out === text ? chunk : Buffer.from(out, 'utf8');
  }
  return chunk;
}

/** Interviews run only for a person at a terminal: never in CI, never with --json or piped input. */
export function canInterview(opts: { json?: boolean; interactive?: boolean }): boolean {
  if (opts.interactive === false || opts.json) return false;
  if (process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') return false;
  return !!process.stdin.isTTY && !!process.stdout.isTTY;
}

export function reportError(e: unknown, json: boolean): number {
  const err = isPtError(e)
    ? e
    : new PtError('internal', e instanceof Error ? e.message : String(e), {
        hint: 'This is a bug in Papertrail; please report it with the command you ran.',
        exit: 4,
        cause: e,
      });
  if (json) {
    printJson(redactDeep({ ok: false, error: err.toJSON() }, secretValues(), { patterns: true }));
  } else {
    const loc = formatLocation(err.location);
    let s = `${loc ? `${loc}: ` : ''}error ${err.code}: ${err.message}\n`;
    if (err.hint) s += `  hint: ${err.hint}\n`;
    if (!isPtError(e) && process.env.PAPERTRAIL_DEBUG && e instanceof Error) s += `${e.stack}\n`;
    process.stderr.write(terminalSafe(redactErrorText(s)));
  }
  return err.exit;
}

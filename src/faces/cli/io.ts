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
export function printJson(value: unknown): void {
  process.stdout.write(jsonTerminalSafe(`${JSON.stringify(redactDeep(value), null, 2)}\n`));
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

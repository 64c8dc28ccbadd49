import { formatLocation, isPtError, PtError } from '../../base/errors.js';
import { terminalSafe } from './terminal-safe.js';

export interface Out {
  json: boolean;
}

export function print(text: string): void {
  process.stdout.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`));
}

export function printJson(value: unknown): void {
  process.stdout.write(terminalSafe(`${JSON.stringify(value, null, 2)}\n`));
}

export function warn(text: string): void {
  process.stderr.write(terminalSafe(`warning: ${text}\n`));
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
    printJson({ ok: false, error: err.toJSON() });
  } else {
    const loc = formatLocation(err.location);
    let s = `${loc ? `${loc}: ` : ''}error ${err.code}: ${err.message}\n`;
    if (err.hint) s += `  hint: ${err.hint}\n`;
    if (!isPtError(e) && process.env.PAPERTRAIL_DEBUG && e instanceof Error) s += `${e.stack}\n`;
    process.stderr.write(terminalSafe(s));
  }
  return err.exit;
}

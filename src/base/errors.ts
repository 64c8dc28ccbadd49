// Errors are data: a stable code, a message a person can act on, a hint and a location.
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  notFound: 3,
  conflict: 3,
  external: 4,
  /** Stopped by Ctrl-C: 128 + SIGINT, as a shell reports a program the signal ended. */
  interrupted: 130,
  /** Stopped by SIGTERM (`kill`, a process manager): 128 + SIGTERM, as a shell reports it. */
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The status a command stopped by `signal` exits with, as a shell would report the signal. */
export const exitForSignal = (signal: NodeJS.Signals): ExitCode =>
  signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export interface PtErrorOptions {
  hint?: string;
  location?: Location;
  exit?: ExitCode;
  cause?: unknown;
  details?: unknown;
}

export class PtError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly location: Location | undefined;
  readonly exit: ExitCode;
  readonly details: unknown;

  constructor(code: string, message: string, opts: PtErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PtError';
    this.code = code;
    this.hint = opts.hint;
    this.location = opts.location;
    this.exit = opts.exit ?? EXIT.usage;
    this.details = opts.details;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.location ? { location: this.location } : {}),
      exit: this.exit,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  let s = loc.file;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
  }
  return s;
}

export function isPtError(e: unknown): e is PtError {
  return e instanceof PtError;
}

/** Any thrown value as a PtError: a non-Papertrail error is a bug, reported with code `internal`. */
export function toPtError(e: unknown): PtError {
  if (isPtError(e)) return e;
  return new PtError('internal', e instanceof Error ? e.message : String(e), {
    hint: 'This is a bug in Papertrail; please report it with the command you ran.',
    exit: 4,
    cause: e,
  });
}

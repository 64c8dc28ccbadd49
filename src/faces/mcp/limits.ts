// How much an assistant may send in one go. A document is kilobytes; megabytes are a mistake (a file
// pasted whole, a loop), and past the SDK's 10 MiB line buffer a request used to end the server. Set
// per environment, like the deadlines, so they are environment variables rather than papertrail.yaml keys.
import { PtError } from '../../base/index.js';

export interface Limits {
  /** Bytes of one tool argument, as JSON. */
  argument: number;
  /** Bytes of one JSON-RPC message (one line on stdin). */
  request: number;
}

const MiB = 1024 * 1024;
export const LIMIT_ENV = {
  argument: 'PAPERTRAIL_MCP_MAX_ARGUMENT',
  request: 'PAPERTRAIL_MCP_MAX_REQUEST',
} as const;
export const DEFAULT_LIMITS: Limits = { argument: 1 * MiB, request: 4 * MiB };

/** A size in bytes, "512KiB" or "4MiB"; unset or empty gives the default. */
function bytes(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(KiB|MiB|B)?\s*$/i.exec(raw);
  const unit = { b: 1, kib: 1024, mib: MiB }[(m?.[2] ?? 'b').toLowerCase() as 'b' | 'kib' | 'mib'];
  const n = m ? Math.floor(Number(m[1]) * unit) : Number.NaN;
  if (!(n > 0))
    throw new PtError('config/bad-env', `${name} must be a positive size in bytes, not "${raw}"`, {
      hint: `Set it like ${name}=2MiB (or a number of bytes), or unset it for the default of ${fallback / MiB} MiB.`,
      exit: 2,
    });
  return n;
}

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  return {
    argument: bytes(LIMIT_ENV.argument, DEFAULT_LIMITS.argument, env),
    request: bytes(LIMIT_ENV.request, DEFAULT_LIMITS.request, env),
  };
}

export const formatBytes = (n: number) =>
  n >= MiB
    ? `${Number((n / MiB).toFixed(1))} MiB`
    : n >= 1024
      ? `${Number((n / 1024).toFixed(1))} KiB`
      : `${n} bytes`;

/** Refuses a tool argument larger than the limit, naming it; nothing is run. */
export function checkArguments(args: Record<string, unknown>, limits: Limits): void {
  for (const [name, value] of Object.entries(args)) {
    const size = Buffer.byteLength(JSON.stringify(value) ?? '');
    if (size > limits.argument)
      throw new PtError(
        'input/too-large',
        `Argument "${name}" is ${formatBytes(size)}, over the ${formatBytes(limits.argument)} an argument may be`,
        {
          hint: `Send less (a document is a few kilobytes), or raise ${LIMIT_ENV.argument} in the server's environment.`,
          location: { file: '<arguments>' },
          exit: 2,
        },
      );
  }
}

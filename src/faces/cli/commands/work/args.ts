import { PtError } from '../../../../base/index.js';

/** A whole number flag or argument as typed (`--token 7`, an attempt id); anything else is a usage error. */
export function wholeArg(arg: string, what: string): number {
  const n = Number(arg);
  if (!/^\d+$/.test(arg.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new PtError('usage/bad-number', `"${arg}" is not a valid ${what}`, {
      hint: `Give the ${what} as a whole number, like 3 (work claim prints it).`,
      exit: 2,
    });
  return n;
}

/** A lease in seconds: a positive number, fractions allowed. */
export function leaseArg(arg: string | undefined): number | undefined {
  if (arg === undefined) return undefined;
  const n = Number(arg);
  if (!Number.isFinite(n) || n <= 0 || n > 2_000_000)
    throw new PtError('usage/bad-lease', `"${arg}" is not a lease in seconds`, {
      hint: 'Give the lease in seconds, for example --lease 300 (five minutes).',
      exit: 2,
    });
  return n;
}

/** An exit code as given by `--exit-code`. */
export function exitCodeArg(arg: string | undefined): number | undefined {
  if (arg === undefined) return undefined;
  const n = Number(arg);
  if (!/^-?\d+$/.test(arg.trim()) || !Number.isSafeInteger(n) || Math.abs(n) > 2_147_483_647)
    throw new PtError('usage/bad-exit-code', `"${arg}" is not an exit code`, {
      hint: 'Give the command’s exit code as a whole number, like 1.',
      exit: 2,
    });
  return n;
}

/** A reason or summary that must say something. */
export function textArg(arg: string | undefined, flag: string): string {
  if (!arg?.trim())
    throw new PtError('usage/empty-text', `${flag} is empty`, {
      hint: `Say why in ${flag}: it is recorded in the audit trail and the handoff artifact.`,
      exit: 2,
    });
  return arg.trim();
}

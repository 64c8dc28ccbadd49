import { DEADLINES, EXIT, formatWait, type LockOwner, lockHolderText, PtError } from '../../base/index.js';

// One place for the store's error codes, so callers and tests can match on them.
export function tooNew(storeVersion: number, supported: number, where: string): PtError {
  return new PtError(
    'store/too-new',
    `The store at ${where} has schema version ${storeVersion}; this papertrail supports up to ${supported}.`,
    {
      hint: 'Upgrade papertrail, or point it at another store (DATABASE_URL or a fresh .papertrail/store).',
      exit: EXIT.conflict,
      details: { storeVersion, supported },
    },
  );
}

export function migrationChanged(version: number, name: string, where: string): PtError {
  return new PtError(
    'store/migration-changed',
    `Migration ${version} (${name}) applied to the store at ${where} differs from the one this papertrail ships.`,
    {
      hint: 'A released migration must never change; add a new migration instead.',
      exit: EXIT.conflict,
      details: { version, name },
    },
  );
}

export function needsMigration(storeVersion: number, latest: number, where: string): PtError {
  return new PtError(
    'store/needs-migration',
    `The store at ${where} has schema version ${storeVersion}, and a dry run cannot bring it to ${latest}.`,
    {
      hint: 'Run any papertrail command without --dry-run once (it migrates the store), then the dry run again.',
      exit: EXIT.conflict,
      details: { storeVersion, latest },
    },
  );
}

export type { LockOwner };

export function locked(dataDir: string, owner: LockOwner | undefined, waitedMs = 0): PtError {
  return new PtError(
    'store/locked',
    `The embedded store at ${dataDir} is in use by ${lockHolderText(owner, waitedMs)}.`,
    {
      hint:
        'Wait for the other papertrail process (PAPERTRAIL_STORE_WAIT seconds; 10 by default) or stop it, ' +
        'or set DATABASE_URL so every process shares one Postgres. ' +
        `If no such process exists, delete ${dataDir}.lock.`,
      exit: EXIT.conflict,
      details: owner,
    },
  );
}

/** The database could not be opened or reached; `where` is a path or a URL without its password. */
export function unavailable(kind: 'pglite' | 'postgres', where: string, cause: unknown): PtError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new PtError('store/unavailable', `Could not open the ${kind} store at ${where}: ${why}`, {
    hint:
      kind === 'postgres'
        ? 'Check that Postgres is running and that DATABASE_URL (host, port, user, database) is right.'
        : 'The data dir may be damaged (restore it from a backup) or made by an incompatible PGlite; ' +
          'move it aside to start an empty store.',
    exit: EXIT.external,
    cause,
  });
}

/** Postgres gave no answer within the deadline; `where` is the URL without its password. */
export function storeTimeout(phase: 'connecting' | 'statement', where: string, ms: number): PtError {
  const d = DEADLINES.database;
  const doing = phase === 'connecting' ? 'to a connection' : 'to a statement';
  return new PtError(
    'store/timeout',
    `The postgres store at ${where} did not answer ${doing} within ${formatWait(ms)}.`,
    {
      hint: `Check that Postgres at DATABASE_URL is up and reachable; if it is only slow, raise ${d.env} (seconds, ${d.defaultSeconds} by default).`,
      exit: EXIT.external,
      details: { phase, timeoutMs: ms, setting: d.env },
    },
  );
}

/** The store's files or rows are damaged: never papered over by starting afresh or re-creating issues. */
export function corrupt(where: string, what: string, kind: 'pglite' | 'postgres', cause?: unknown): PtError {
  return new PtError('store/corrupt', `The store at ${where} is damaged: ${what}`, {
    hint:
      kind === 'postgres'
        ? 'Restore the database from a backup, or point DATABASE_URL at another database; nothing was written.'
        : `Restore ${where} from a backup, or move it aside (the next command then starts an empty store and ` +
          'plan creates the issues again with new numbers); nothing was written.',
    exit: EXIT.external,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A write to an attempt under a fencing token that is not its current one: the attempt is unknown, has
 * ended (completed, failed, its lease expired), or was claimed again. The writer no longer owns the step.
 */
export function staleToken(attemptId: number | string, token: number, why: string): PtError {
  return new PtError(
    'work/stale-token',
    `Attempt ${attemptId} ${why}, so token ${token} no longer holds it; nothing was written.`,
    {
      hint: 'Stop work on this attempt and claim again (papertrail work claim): another executor may hold the step now.',
      exit: EXIT.conflict,
      details: { attemptId, token },
    },
  );
}

/** A work item or attempt that would break a uniqueness rule (the same issue twice, two live attempts). */
export function executionConflict(code: string, message: string, hint: string, details: unknown): PtError {
  return new PtError(code, message, { hint, exit: EXIT.conflict, details });
}

/** An argument outside what the execution tables accept (an empty executor id, a lease of 0 ms). */
export function badExecutionInput(message: string, hint: string): PtError {
  return new PtError('work/bad-input', message, { hint, exit: EXIT.usage });
}

/** True for Postgres' unique_violation on the named index or constraint. */
export function isUniqueViolation(e: unknown, name: string): boolean {
  if (!(e instanceof Error) || (e as { code?: unknown }).code !== '23505') return false;
  const c = (e as { constraint?: unknown }).constraint;
  return c === name || e.message.includes(`"${name}"`);
}

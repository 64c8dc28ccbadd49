import { createHash, randomBytes } from 'node:crypto';
import { PtError } from '../../base/index.js';
import type { AccessRole } from '../../ports/store/index.js';
import { type App, whoAmI, withDb } from '../kernel/index.js';

// API tokens for `serve` beyond loopback. A token is shown once, when created; the store keeps only
// its SHA-256 (a token is 256 random bits, so a plain hash is enough: nothing to brute-force).

export const ROLES: readonly AccessRole[] = ['viewer', 'operator', 'approver'];

export interface TokenInfo {
  name: string;
  role: AccessRole;
  createdBy: string;
  createdAt: string;
  revoked: boolean;
}

const PREFIX = 'pt_';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function checkRole(role: string): AccessRole {
  if ((ROLES as readonly string[]).includes(role)) return role as AccessRole;
  throw new PtError('token/bad-role', `No role "${role}"`, {
    hint: `Roles: ${ROLES.join(', ')} (viewer reads; operator also runs work; approver also decides gates).`,
    location: { file: '<flags>' },
    exit: 3,
  });
}

/** A new token with `role`; the result is the only time the token itself is seen. */
export async function tokenCreate(
  app: App,
  args: { name: string; role: string },
): Promise<{ name: string; role: AccessRole; token: string }> {
  const role = checkRole(args.role);
  const name = args.name.trim();
  if (!name)
    throw new PtError('token/no-name', 'A token needs a name', {
      hint: 'Name it after who or what uses it: --name ci-bot.',
      location: { file: '<flags>' },
      exit: 3,
    });
  const token = PREFIX + randomBytes(32).toString('base64url');
  const by = whoAmI(app.ws.root);
  await withDb(app, async (db) => {
    const taken = await db
      .selectFrom('access_tokens')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken)
      throw new PtError('token/exists', `A token named "${name}" exists`, {
        hint: 'Pick another name, or revoke that one first (names stay taken after a revoke).',
        location: { file: '<flags>' },
        exit: 3,
      });
    await db
      .insertInto('access_tokens')
      .values({ name, role, token_sha256: tokenHash(token), created_by: by })
      .execute();
  });
  return { name, role, token };
}

export async function tokenList(app: App): Promise<TokenInfo[]> {
  const rows = await withDb(app, (db) => db.selectFrom('access_tokens').selectAll().orderBy('id').execute(), {
    readOnly: true,
  });
  return rows.map((r) => ({
    name: r.name,
    role: r.role,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    revoked: r.revoked_at !== null,
  }));
}

export async function tokenRevoke(app: App, name: string): Promise<{ name: string; revoked: true }> {
  const n = await withDb(app, async (db) => {
    const r = await db
      .updateTable('access_tokens')
      .set({ revoked_at: new Date() })
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
  if (n === 0)
    throw new PtError('token/not-found', `No live token named "${name}"`, {
      hint: 'papertrail token list shows them.',
      location: { file: '<flags>' },
      exit: 3,
    });
  return { name, revoked: true };
}

/** Who a presented token is: its name and role, or null when it is unknown or revoked. */
export async function tokenCheck(
  app: App,
  token: string,
): Promise<{ name: string; role: AccessRole } | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await withDb(
    app,
    (db) =>
      db
        .selectFrom('access_tokens')
        .select(['name', 'role'])
        .where('token_sha256', '=', tokenHash(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    { readOnly: true },
  );
  return row ?? null;
}

/** The live token named `name` (a web session's), or null once it is revoked. */
export async function tokenNamed(app: App, name: string): Promise<{ name: string; role: AccessRole } | null> {
  const row = await withDb(
    app,
    (db) =>
      db
        .selectFrom('access_tokens')
        .select(['name', 'role'])
        .where('name', '=', name)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    { readOnly: true },
  );
  return row ?? null;
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, openApp } from '../../../src/app/kernel/index.js';
import { tempDir } from '../../helpers/cli.js';
import { createTestDatabase, postgresAvailable } from '../../helpers/postgres.js';

// A workspace for runs: a git repository on main with papertrail.yaml (repo acme/shop on the local
// forge, and its ops settings), its store embedded or on a throwaway Postgres database.

export type BackendName = 'pglite' | 'postgres';

export async function backendsAvailable(suite: string): Promise<BackendName[]> {
  return (await postgresAvailable(`${suite} [postgres]`)) ? ['pglite', 'postgres'] : ['pglite'];
}

export interface OpsWorkspace {
  root: string;
  env: Record<string, string>;
  /** The app as `actor` sees it. */
  as(actor: string): App;
  git(...args: string[]): string;
  write(path: string, text: string): void;
  cleanup(): Promise<void>;
}

export async function opsWorkspace(backend: BackendName, opsYaml = ''): Promise<OpsWorkspace> {
  const db = backend === 'postgres' ? await createTestDatabase() : null;
  const env: Record<string, string> = db ? { DATABASE_URL: db.url } : {};
  if (db) process.env.DATABASE_URL = db.url;
  else delete process.env.DATABASE_URL;
  const root = join(tempDir(), 'shop');
  mkdirSync(root, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Ana');
  git('config', 'user.email', 'ana@example.com');
  write('papertrail.yaml', `version: 1\nrepo: acme/shop\n${opsYaml}`);
  write('.gitignore', '.papertrail/store\n');
  git('add', '.');
  git('commit', '-q', '-m', 'start');
  return {
    root,
    env,
    as: (actor) =>
      openApp(root, { ...process.env, ...env, PAPERTRAIL_TODAY: '2026-12-06', PAPERTRAIL_ACTOR: actor }),
    git,
    write,
    cleanup: async () => {
      delete process.env.DATABASE_URL;
      await db?.drop();
    },
  };
}

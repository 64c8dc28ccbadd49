import type { OpenStoreOptions } from '../../../src/ports/store/index.js';
import { createTestDatabase, postgresAvailable } from '../../helpers/postgres.js';
import { freshDataDir, removeDataDir } from './pglite-template.js';

// The behavioural suite runs once per backend; each test gets its own empty store.

export interface Target {
  opts: OpenStoreOptions;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  available: boolean;
  /** An empty store; `migrated` lets PGlite start from a migrated template (Postgres migrates fast). */
  fresh(opts?: { migrated?: boolean }): Promise<Target>;
}

// The PGlite suites must not be redirected to a Postgres by the developer's own environment.
delete process.env.DATABASE_URL;

export async function backends(suite: string): Promise<Backend[]> {
  const pgOk = await postgresAvailable(`${suite} [postgres]`);
  return [
    {
      name: 'pglite',
      available: true,
      async fresh(opts) {
        const dataDir = await freshDataDir(opts);
        return { opts: { dataDir }, cleanup: async () => removeDataDir(dataDir) };
      },
    },
    {
      name: 'postgres',
      available: pgOk,
      async fresh() {
        const db = await createTestDatabase();
        return { opts: { url: db.url }, cleanup: () => db.drop() };
      },
    },
  ];
}

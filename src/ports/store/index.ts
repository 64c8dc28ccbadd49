// The store port: runtime state in Postgres, embedded (PGlite) or shared (DATABASE_URL).
export type {
  Database,
  ForgeComment,
  ForgeIssue,
  ForgeIssueUpdate,
  ForgeLabel,
  ForgePr,
  ForgePrUpdate,
  ForgeRepo,
  IssueState,
  NewForgeIssue,
  NewForgeLabel,
  NewForgePr,
  NewForgeRepo,
  StateReason,
  Visibility,
} from './database.js';
export { checkForgeRecords } from './integrity.js';
export { migrate } from './migrate.js';
export { LATEST_VERSION, MIGRATIONS, type Migration, sqlMigration } from './migrations/index.js';
export { nextNumber } from './numbers.js';
export { type OpenStoreOptions, openStore, type Store } from './open.js';
export { lockRepoWrites } from './repo-lock.js';

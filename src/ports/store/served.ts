import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pidAlive, writeFileAtomic } from '../../base/index.js';
import { SOCKET_PORT } from './share.js';

// Where `serve` says it lends the embedded store: `<dataDir>.serve.json`, written once the socket
// listens and removed when it stops. A file left by a killed serve names a dead pid and is ignored.

export interface Served {
  pid: number;
  socketDir: string;
}

const fileOf = (dataDir: string) => `${resolve(dataDir)}.serve.json`;

/** The socket folder beside the store: `.papertrail/serve`. */
export const socketDirOf = (dataDir: string) => join(dirname(resolve(dataDir)), 'serve');

export function markServed(dataDir: string, served: Served): void {
  writeFileAtomic(fileOf(dataDir), `${JSON.stringify(served)}\n`);
}

export function unmarkServed(dataDir: string): void {
  rmSync(fileOf(dataDir), { force: true });
}

/** The live serve lending this store, or null: then the store is opened directly. */
export function servedAt(dataDir: string): Served | null {
  let s: Served;
  try {
    s = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as Served;
  } catch {
    return null;
  }
  if (typeof s.pid !== 'number' || typeof s.socketDir !== 'string' || !pidAlive(s.pid)) return null;
  return existsSync(join(s.socketDir, `.s.PGSQL.${SOCKET_PORT}`)) ? s : null;
}

/** The Postgres URL of the socket: `pg` takes a folder as host. */
export function servedUrl(s: Served): string {
  return `postgresql://papertrail@/postgres?host=${encodeURIComponent(s.socketDir)}&port=${SOCKET_PORT}`;
}

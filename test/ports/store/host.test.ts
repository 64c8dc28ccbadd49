import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type HostedStore, hostEmbeddedStore, openStore } from '../../../src/ports/store/index.js';

// `serve` owns the embedded store and lends it over a socket: other openers (in this process or
// another) reach it through there instead of failing on its lock.
describe('a hosted embedded store', () => {
  let host: HostedStore | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('is opened through the socket, writes and reads, and hears changes from any connection', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pt-host-')), '.papertrail', 'store');
    let changes = 0;
    host = await hostEmbeddedStore(dataDir, { onChange: () => changes++ });
    const a = await openStore({ dataDir });
    const b = await openStore({ dataDir, readOnly: true });
    try {
      expect(a.kind).toBe('pglite');
      // Two connections, one in a transaction: the other waits for it instead of landing inside it.
      const order: string[] = [];
      const tx = a.db.transaction().execute(async (t) => {
        // A record chained: what listeners hear of.
        await t
          .insertInto('audit_records')
          .values({
            seq: 1,
            prev: '0'.repeat(64),
            hash: 'a'.repeat(64),
            at: 'x',
            actor: 'a',
            type: 't',
            data: '{}',
          })
          .execute();
        order.push('a wrote');
        await new Promise((r) => setTimeout(r, 100));
        order.push('a commits');
      });
      await new Promise((r) => setTimeout(r, 20));
      const n = await sql<{ n: number }>`select count(*)::int as n from audit_records`.execute(b.db);
      order.push('b read');
      await tx;
      expect(order).toEqual(['a wrote', 'a commits', 'b read']);
      expect(n.rows[0]!.n).toBe(1);
      expect(changes).toBeGreaterThanOrEqual(1);
      // A read-only opener cannot write.
      await expect(
        b.db.insertInto('audit_pending').values({ at: 'x', actor: 'a', type: 't', data: '{}' }).execute(),
      ).rejects.toThrow(/read-only/);
    } finally {
      await a.close();
      await b.close();
    }
    // Another process (plain pg) reads through the socket while the host holds the store's lock.
    const script = `const pg = require('pg');
      const c = new pg.Client({ host: process.argv[1], port: 5432, user: 'x', database: 'postgres' });
      c.connect().then(() => c.query('select actor from audit_records')).then((r) => {
        console.log(JSON.stringify(r.rows)); return c.end(); });`;
    // Not execFileSync: the host answers on this process's event loop.
    const { stdout: out } = await promisify(execFile)(process.execPath, ['-e', script, host.socketDir]);
    expect(JSON.parse(out)).toEqual([{ actor: 'a' }]);
  }, 60_000);
});

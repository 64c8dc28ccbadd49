import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type HostedStore, hostEmbeddedStore, openStore } from '../../../src/ports/store/index.js';
import { preparedAs } from '../../../src/ports/store/prepared.js';

// `serve` owns the embedded store and lends it over a socket: other openers (in this process or
// another) reach it through there instead of failing on its lock.
describe('a hosted embedded store', () => {
  let host: HostedStore | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('runs a prepared statement from every opener: the lent store is one session', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pt-host-')), '.papertrail', 'store');
    host = await hostEmbeddedStore(dataDir, {});
    // The statements executors run for every job are marked to be prepared on a Postgres server.
    for (const who of ['first', 'second']) {
      const s = await openStore({ dataDir });
      try {
        const r = await sql<{ who: string }>`${preparedAs('host_probe')} select ${who}::text as who`.execute(
          s.db,
        );
        expect(r.rows[0]!.who).toBe(who);
      } finally {
        await s.close();
      }
    }
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

  it("lets its own process query straight in, in turn with the socket's connections", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pt-host-')), '.papertrail', 'store');
    let changes = 0;
    host = await hostEmbeddedStore(dataDir, { onChange: () => changes++ });
    const own = host.store;
    const other = await openStore({ dataDir });
    try {
      expect(own).toMatchObject({ kind: 'pglite', served: true });
      const record = (seq: number, actor: string) => ({
        seq,
        prev: '0'.repeat(64),
        hash: String(seq).repeat(64),
        at: 'x',
        actor,
        type: 't',
        data: '{}',
      });
      // A socket connection's transaction holds the one session: the host's own read waits for it.
      const order: string[] = [];
      const tx = other.db.transaction().execute(async (t) => {
        await t.insertInto('audit_records').values(record(1, 'socket')).execute();
        order.push('socket wrote');
        await new Promise((r) => setTimeout(r, 100));
        order.push('socket commits');
      });
      await new Promise((r) => setTimeout(r, 20));
      const seen = await own.db.selectFrom('audit_records').select('actor').execute();
      order.push('host read');
      await tx;
      expect(order).toEqual(['socket wrote', 'socket commits', 'host read']);
      expect(seen).toEqual([{ actor: 'socket' }]);
      // And the other way: the host's transaction holds it, the socket's read waits.
      const heardBefore = changes;
      const mine = own.db.transaction().execute(async (t) => {
        await t.insertInto('audit_records').values(record(2, 'host')).execute();
        await new Promise((r) => setTimeout(r, 100));
      });
      await new Promise((r) => setTimeout(r, 20));
      const n = await sql<{ n: number }>`select count(*)::int as n from audit_records`.execute(other.db);
      await mine;
      expect(n.rows[0]!.n).toBe(2);
      // A change the host commits itself is heard too (NOTIFY parsed by PGlite, not by the socket).
      await new Promise((r) => setTimeout(r, 10));
      expect(changes).toBeGreaterThan(heardBefore);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('answers large results whole, one after another', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pt-host-')), '.papertrail', 'store');
    host = await hostEmbeddedStore(dataDir);
    const s = await openStore({ dataDir });
    try {
      // Several MB a result: PGlite hands its output over in chunks of a buffer it reuses, so what the
      // socket has not sent yet must be a copy.
      const expected = Array.from({ length: 100_000 }, (_, i) => `row ${i + 1}`).join(',');
      for (let round = 0; round < 3; round++) {
        const r = await sql<{ j: string }>`select string_agg('row ' || i, ',' order by i) as j
          from generate_series(1, ${100_000}::int) as i`.execute(s.db);
        expect(r.rows[0]!.j).toBe(expected);
      }
    } finally {
      await s.close();
    }
  }, 60_000);
});

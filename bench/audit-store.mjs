// The streaming verify of a stored chain (verifyStoredAudit): the chain bench/audit.mjs made, copied
// into a fresh database on the local Postgres, then verified page by page against its head row, as
// `audit verify` does with DATABASE_URL set. Run through bench/audit.mjs --postgres.
import { freshPostgres, loadStore } from './store-module.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

export async function benchStoredVerify(records, cp, runs, batches = [5_000]) {
  const { openStore, verifyStoredAudit, ChainVerifier, appendRecord } = await loadStore();
  const pgdb = await freshPostgres('pt_bench_audit');
  const store = await openStore({ url: pgdb.url });
  try {
    const t0 = process.hrtime.bigint();
    // Loaded with unnest in chunks (what appendAudit writes, without a state change around each).
    const CHUNK = 20_000;
    for (let i = 0; i < records.length; i += CHUNK) {
      const part = records.slice(i, i + CHUNK);
      const col = (f) => part.map(f);
      await store.db.executeQuery({
        sql: `insert into audit_records (seq, prev, hash, at, actor, type, data)
              select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
        parameters: [
          col((r) => r.seq),
          col((r) => r.prev),
          col((r) => r.hash),
          col((r) => r.at),
          col((r) => r.actor),
          col((r) => r.type),
          col((r) => JSON.stringify(r.data)),
        ],
      });
    }
    await store.db.executeQuery({
      sql: 'update audit_head set seq = $1, hash = $2',
      parameters: [cp.length, cp.head],
    });
    await store.db.executeQuery({ sql: 'vacuum analyze audit_records', parameters: [] });
    console.log(`  stored in Postgres in ${s(Number(process.hrtime.bigint() - t0) / 1e6)}`);
    for (const batch of batches) {
      const wall = [];
      const cpu = [];
      for (let r = 0; r < runs; r++) {
        const c0 = process.cpuUsage();
        const t = process.hrtime.bigint();
        const res = await verifyStoredAudit(
          { db: store.db, appendRecord },
          { batch, verifier: (head) => new ChainVerifier(head) },
        );
        wall.push(Number(process.hrtime.bigint() - t) / 1e6);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1e3);
        if (!res.ok || res.length !== records.length)
          throw new Error(`verify failed: ${JSON.stringify(res)}`);
      }
      console.log(
        `  Postgres, verifyStoredAudit (pages of ${batch}): median ${s(median(wall))} wall, ` +
          `${s(median(cpu))} CPU in this process (runs: ${wall.map(s).join(', ')})`,
      );
    }
  } finally {
    await store.close();
    await pgdb.drop();
  }
}

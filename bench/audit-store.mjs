// The verify of a stored chain: the chain bench/audit.mjs made, copied into a fresh database on the
// local Postgres (or an embedded PGlite), then verified against its head row as `audit verify` does:
// in one pass page by page (verifyStoredAudit, as before ranges), and on Postgres in ranges checked side
// by side in worker threads (verifyAudit), the two alternating run by run. Run through
// bench/audit.mjs --postgres / --pglite.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle, freshPostgres, loadStore } from './store-module.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** The worker thread's script, bundled as scripts/build.mjs bundles it beside the CLI. */
async function buildWorker() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'pt-bench-worker-'));
  const out = join(dir, 'audit-verify-worker.js');
  await bundle({ entryPoints: [join(root, 'src/app/execution/audit-verify-worker.ts')] }, out);
  return { url: pathToFileURL(out), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function load(store, sql, records, cp) {
  const t0 = process.hrtime.bigint();
  // Loaded with unnest in chunks (what appendAudit writes, without a state change around each).
  const CHUNK = 20_000;
  for (let i = 0; i < records.length; i += CHUNK) {
    const part = records.slice(i, i + CHUNK);
    const col = (f) => part.map(f);
    await sql`insert into audit_records (seq, prev, hash, at, actor, type, data)
      select * from unnest(${col((r) => r.seq)}::bigint[], ${col((r) => r.prev)}::text[],
        ${col((r) => r.hash)}::text[], ${col((r) => r.at)}::text[], ${col((r) => r.actor)}::text[],
        ${col((r) => r.type)}::text[], ${col((r) => JSON.stringify(r.data))}::text[])`.execute(store.db);
  }
  await sql`update audit_head set seq = ${cp.length}, hash = ${cp.head}`.execute(store.db);
  await sql`vacuum analyze audit_records`.execute(store.db);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * `database`: the URL of one already holding this chain (a run before kept it: `keep`), so runs need
 * not load a million records each time.
 */
export async function benchStoredVerify(records, cp, runs, o = {}) {
  const { openStore, verifyStoredAudit, ChainVerifier, appendRecord, verifyAudit, sql } = await loadStore({
    extra: "export { verifyAudit } from './src/app/execution/audit-verify.ts';\n",
  });
  const pglite = !!o.pglite;
  const pgdb = pglite
    ? null
    : o.database
      ? { url: o.database, drop: async () => {} }
      : await freshPostgres('pt_bench_audit');
  const store = await openStore(pglite ? { memory: true } : { url: pgdb.url });
  const worker = pglite ? null : await buildWorker();
  const where = pglite ? 'PGlite (in memory)' : 'Postgres';
  try {
    if (!o.database) console.log(`  stored in ${where} in ${s(await load(store, sql, records, cp))}`);
    const x = { db: store.db, appendRecord };
    const ways = [
      [
        'one pass (verifyStoredAudit)',
        () => verifyStoredAudit(x, { verifier: (head) => new ChainVerifier(head) }),
      ],
    ];
    if (!pglite)
      for (const ranges of o.ranges ?? [2])
        ways.push([
          `${ranges} ranges in worker threads (verifyAudit)`,
          () => verifyAudit(x, { url: pgdb.url, ranges, worker: worker.url }),
        ]);
    const times = ways.map(() => ({ wall: [], cpu: [] }));
    // Alternating, so the load other processes put on the machine falls on each alike.
    for (let r = 0; r < runs; r++)
      for (const [w, [name, run]] of ways.entries()) {
        const c0 = process.cpuUsage();
        const t = process.hrtime.bigint();
        const res = await run();
        times[w].wall.push(Number(process.hrtime.bigint() - t) / 1e6);
        const c = process.cpuUsage(c0);
        times[w].cpu.push((c.user + c.system) / 1e3);
        if (!res.ok || res.length !== records.length)
          throw new Error(`${name}: verify failed: ${JSON.stringify(res)}`);
      }
    for (const [w, [name]] of ways.entries())
      console.log(
        `  ${where}, ${name}: median ${s(median(times[w].wall))} wall, ${s(median(times[w].cpu))} CPU in this ` +
          `process (runs: ${times[w].wall.map(s).join(', ')}; CPU ${times[w].cpu.map(s).join(', ')})`,
      );
  } finally {
    await store.close();
    worker?.remove();
    if (!o.keep) await pgdb?.drop();
    else console.log(`  kept: --database ${pgdb.url}`);
  }
}

// Loads the store (src/ports/store) with the execution model (src/domain/execution) for a benchmark:
// bundled by esbuild, so the store benchmarks need no `npm run build`. The bundle is written under
// node_modules/.cache so that what stays outside it (pg, PGlite and its wasm) resolves from the repo.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** `extra`: more export lines for the bundle's entry (paths from the repository's root). */
export async function loadStore({ extra = '' } = {}) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'pt-bench-store-'));
  const out = join(dir, 'store.mjs');
  try {
    await bundle(
      {
        stdin: {
          contents:
            "export * from './src/ports/store/index.ts';\n" +
            "export { appendRecord, ChainVerifier, checkpointOf } from './src/domain/execution/index.ts';\n" +
            "export { defaultWorkflow, schedule } from './src/domain/execution/index.ts';\n" +
            "export { sql } from 'kysely';\n" +
            extra,
          resolveDir: root,
          sourcefile: 'bench-store-entry.ts',
          loader: 'ts',
        },
      },
      out,
    );
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bundles for Node as the store's benchmarks load it: pg, PGlite and node-pty stay outside. */
export async function bundle(entry, outfile) {
  await build({
    ...entry,
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['pg', '@electric-sql/pglite', 'node-pty'],
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

/** A fresh database on the local Postgres (PT_BENCH_DATABASE_URL names the server), dropped by drop(). */
export async function freshPostgres(prefix) {
  const pg = (await import('pg')).default;
  const admin = process.env.PT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const run = async (q) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await run(`create database ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), name, drop: () => run(`drop database if exists ${name} with (force)`) };
}

/**
 * One executor of the claim benches, as `work run` drives the store: a first claim, then each
 * attempt completed and the next one claimed in one call (completeAndClaim), until nothing is ready.
 * `took(ms)` is told how long each call took (a claim, or a completion with the next claim).
 */
export async function executorLoop(store, x, planKey, executorId, took = () => {}) {
  const next = { planKey, executorId, leaseMs: 60_000 };
  let t0 = performance.now();
  let a = await store.claimAttempt(x, next);
  took(performance.now() - t0);
  while (a) {
    t0 = performance.now();
    a = (await store.completeAndClaim(x, { attemptId: a.id, token: a.fencing_token, next })).next;
    took(performance.now() - t0);
  }
}

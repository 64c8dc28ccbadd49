import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Node 20 cannot run TypeScript, so the child's entry is bundled once per run; packages stay external and
// resolve from node_modules because the bundle is written inside the project's node_modules/.cache.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
let bundled: Promise<string> | undefined;

function bundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'papertrail-tests');
    mkdirSync(dir, { recursive: true });
    // Test files bundle concurrently: each writes its own file and renames it over the shared name.
    const outfile = join(dir, 'hold-store.mjs');
    const building = join(dir, `hold-store-${process.pid}.mjs`);
    await build({
      entryPoints: [join(ROOT, 'test/ports/store/fixtures/hold-store.ts')],
      outfile: building,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    renameSync(building, outfile);
    return outfile;
  })();
  return bundled;
}

export interface HeldStore {
  child: ChildProcess;
  pid: number;
}

/** Starts a child process that holds the store at dataDir open, and resolves once it has written. */
export async function holdStore(dataDir: string, mode: 'hold' | 'crash'): Promise<HeldStore> {
  const entry = await bundle();
  const child = spawn(process.execPath, [entry, dataDir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before ready: ${err}`)),
    );
  });
  return { child, pid: child.pid! };
}

export function kill9(held: HeldStore): Promise<void> {
  return new Promise((resolve) => {
    if (held.child.exitCode !== null || held.child.signalCode !== null) return resolve();
    held.child.once('exit', () => resolve());
    held.child.kill('SIGKILL');
  });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Node 20 cannot run TypeScript, so the child's entry is bundled once per run; packages stay external and
// resolve from node_modules because the bundle is written inside the project's node_modules/.cache.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const bundled = new Map<string, Promise<string>>();

/** The fixture `test/ports/store/fixtures/<name>.ts`, bundled for node. */
function bundle(name: Fixture): Promise<string> {
  let done = bundled.get(name);
  if (done) return done;
  done = (async () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'papertrail-tests');
    mkdirSync(dir, { recursive: true });
    // Test files bundle concurrently: each writes its own file and renames it over the shared name.
    const outfile = join(dir, `${name}.mjs`);
    const building = join(dir, `${name}-${process.pid}.mjs`);
    await build({
      entryPoints: [join(ROOT, `test/ports/store/fixtures/${name}.ts`)],
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
  bundled.set(name, done);
  return done;
}

/**
 * hold-store: holds a store open (lock tests); exec-crash: dies inside a claim's transaction;
 * exec-seal-crash: dies after chaining pending audit records, before its commit; exec-worker: an
 * executor loop on Postgres (chaos test); forge-snapshot-crash: dies in a local forge write.
 */
export type Fixture =
  | 'hold-store'
  | 'exec-crash'
  | 'exec-seal-crash'
  | 'exec-worker'
  | 'forge-snapshot-crash';

export interface HeldStore {
  child: ChildProcess;
  pid: number;
}

/** Starts a child process that holds the store at dataDir open, and resolves once it has written. */
export function holdStore(dataDir: string, mode: 'hold' | 'crash'): Promise<HeldStore> {
  return startChild('hold-store', [dataDir, mode]);
}

/** Starts a fixture with its arguments, and resolves once it prints "ready". */
export async function startChild(fixture: Fixture, args: string[]): Promise<HeldStore> {
  const entry = await bundle(fixture);
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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

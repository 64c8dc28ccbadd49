// What the benches beside `papertrail serve` share: a fresh workspace the control room can use, and
// serve started on it in a process of its own.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', 'bin', 'papertrail.js');

/**
 * A new git repository on main made a workspace by `init`, naming `repo` (the control room keys its
 * runs by it), with that first commit made: a run that opens a pull request branches from it.
 */
export function controlRoomWorkspace(prefix, repo) {
  const ws = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args) => execFileSync('git', args, { cwd: ws, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  execFileSync(process.execPath, [BIN, 'init', '--tools', 'none'], { cwd: ws, stdio: 'ignore' });
  const config = join(ws, 'papertrail.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^repo: null$/m, `repo: ${repo}`));
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'start');
  return ws;
}

/**
 * `serve --port 0` in `cwd`; resolves once it listens. The server goes with the bench, however it ends.
 * SERVE_NODE_ARGS (space-separated) go to node before the script: `--cpu-prof` is refused in
 * NODE_OPTIONS, and profiling the server is what this is for.
 */
export async function startServe(cwd, env = {}) {
  const nodeArgs = process.env.SERVE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--port', '0'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  process.on('exit', () => child.kill('SIGTERM'));
  const url = await new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /papertrail serve: (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`serve exited ${c}: ${err}`)));
  });
  return { url, child };
}

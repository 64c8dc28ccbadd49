import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** `papertrail serve --port 0` in another process (from dist/); resolves with its URL once it listens. */
export async function spawnServe(
  cwd: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin/papertrail.js'), 'serve', '--port', '0'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += String(d);
      const m = /papertrail serve: (\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { url, child };
}

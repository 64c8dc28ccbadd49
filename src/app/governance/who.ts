import { execFileSync } from 'node:child_process';

/** Who is acting: git's user.name in the workspace, else the login name, else "unknown". */
export function whoAmI(root: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    }).trim();
    if (name) return name;
  } catch {
    // No git, or no name configured: fall back to the login.
  }
  return env.USER || env.USERNAME || 'unknown';
}

/** Now as ISO 8601 UTC; PAPERTRAIL_TODAY pins it to that day's midnight so records are reproducible. */
export function nowIso(env: NodeJS.ProcessEnv = process.env): string {
  const pinned = env.PAPERTRAIL_TODAY;
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return `${pinned}T00:00:00Z`;
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

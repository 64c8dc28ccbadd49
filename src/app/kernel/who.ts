/** The person at this workspace: git's user.name in it, else the login name, else "unknown". */
export function whoAmI(root: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    // Loaded here, not with the kernel: child_process brings net, dgram and streams to every command
    // that opens the store, and only the ones that record an actor ask who it is.
    const { execFileSync } = process.getBuiltinModule('node:child_process');
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

/**
 * Who is acting, for the audit trail: PAPERTRAIL_ACTOR when set (an executor or a CI job names
 * itself), else the person at the workspace (whoAmI).
 */
export function actorOf(root: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.PAPERTRAIL_ACTOR?.trim()) return env.PAPERTRAIL_ACTOR.trim();
  return whoAmI(root, env);
}

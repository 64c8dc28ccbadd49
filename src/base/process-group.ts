import type { ChildProcess } from 'node:child_process';

/**
 * Kills a child spawned `detached` (the leader of its own process group) and everything it started:
 * a shell's background jobs would otherwise outlive a deadline. Falls back to the child alone where
 * the group is already gone.
 */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

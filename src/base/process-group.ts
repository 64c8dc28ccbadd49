import type { ChildProcess } from 'node:child_process';

/**
 * Kills a child spawned `detached` (the leader of its own process group) and everything it started:
 * a shell's background jobs would otherwise outlive a deadline. Falls back to the child alone where
 * the group is already gone.
 */
export function killGroup(child: ChildProcess): void {
  if (!signalGroup(child, 'SIGKILL')) child.kill('SIGKILL');
}

/**
 * Sends a signal to a detached child's whole process group. Returns false when there was no group to
 * signal (the child never started, or it and everything it started are gone).
 */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills the child's group if this process exits while the child runs. A group of its own does not
 * hear the terminal's Ctrl-C, so when this process exits at once (a second Ctrl-C) the command would
 * live on with nobody to record how it ends. Returns what forgets it, for when the child has ended.
 */
export function killGroupOnExit(child: ChildProcess): () => void {
  const onExit = () => killGroup(child);
  process.once('exit', onExit);
  return () => process.off('exit', onExit);
}

import { existsSync, readFileSync } from 'node:fs';

// What the tests of stopping a command share: waiting on a condition, a process's life, the pid a
// command wrote, and a runbook whose one step runs long.

/** Resolves once `what()` holds; throws after `ms`. */
export async function until(what: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the process `pid` still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid a command writes into `file` (`echo $! > file`), once the line is whole. */
export async function pidWritten(file: string): Promise<number> {
  await until(() => existsSync(file) && readFileSync(file, 'utf8').endsWith('\n'));
  return Number(readFileSync(file, 'utf8'));
}

/** A low-risk runbook (slug `slow`) whose one step runs `run`, with a timeout far beyond a test. */
export const slowRunbook = (run: string): string => `slug: slow
title: A slow command
kind: maintenance
risk:
  level: low
  codes: [READ_ONLY]
phases:
  - name: Wait
    steps:
      - id: wait
        title: Sleep
        run: ${run}
        timeout: 120
`;

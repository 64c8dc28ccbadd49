// A scratch workspace for the executor loop's tests, and what they look for in it afterwards.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { RunEvent } from '../../src/app/execution/runner/index.js';

export function scratchWorkspace(): { root: string; leftovers(): string[]; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'pt-runner-'));
  return {
    root,
    /** What is left in .papertrail/ (the handoff folders must all be gone). */
    leftovers: () => {
      try {
        return readdirSync(join(root, '.papertrail'));
      } catch {
        return [];
      }
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * A scratch workspace for each test of the file or describe block that calls this, removed after it:
 * no handoff file or folder may outlive its attempt, whatever the attempt's end.
 */
export function scratchWorkspaceEach(): { readonly root: string } {
  let ws: ReturnType<typeof scratchWorkspace> | undefined;
  beforeEach(() => {
    ws = scratchWorkspace();
  });
  afterEach(() => {
    expect(ws!.leftovers()).toEqual([]);
    ws!.remove();
  });
  return {
    get root() {
      return ws!.root;
    },
  };
}

/** Collects a run's events; `lines()` is the child's output as it was streamed. */
export function eventLog() {
  const events: RunEvent[] = [];
  return {
    events,
    onEvent: (e: RunEvent) => events.push(e),
    types: () => events.map((e) => e.type),
    lines: (stream?: 'stdout' | 'stderr') =>
      events.flatMap((e) => (e.type === 'output' && (!stream || e.stream === stream) ? [e.line] : [])),
  };
}

/**
 * Whether process `pid` is still running, after giving a signal already sent a moment to land. A
 * process whose parent died is reparented to pid 1, which in a container may never reap it: a
 * zombie has ended, so it counts as gone.
 */
export async function alive(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (!running(pid)) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // The state is the field after the command's name, which is in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

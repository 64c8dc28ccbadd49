import type { OpsDeps } from '../../app/ops/index.js';
import { OPS_VERBS } from './ops-verbs.js';

// What a run may call of the other use-case folders, wired here because app folders do not import
// each other. Every face that starts or approves runs (the CLI, MCP, the HTTP server) uses this one
// table, so a template behaves the same whichever face started it.

export async function opsDeps(): Promise<OpsDeps> {
  const { runCheckWith } = await import('../../app/workflow/index.js');
  return {
    verbs: OPS_VERBS,
    // The run's forge is already open (on the embedded store, the only connection): the check uses it.
    runCheck: (forge, cwd, c) =>
      runCheckWith(async () => ({ forge, close: async () => {} }), cwd, {
        name: c.name,
        command: c.command,
        pr: c.pr,
        timeoutMs: c.timeoutMs,
        ...(c.signal ? { signal: c.signal } : {}),
      }),
  };
}

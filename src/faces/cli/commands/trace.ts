import type { WorkTrace } from '../../../app/workflow/index.js';
import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { loadGraph } from './graph.js';
import type { Cli } from './shared.js';

export function registerTrace({ program, run }: Cli): void {
  common(
    program
      .command('trace')
      .argument('<id>', 'document or requirement ID')
      .description('what points at a document or requirement, and what it points at'),
    { dryRun: false },
  ).action((id, o) => run(traceCommand(id, o)));
}

export async function traceCommand(id: string, flags: { json?: boolean }): Promise<number> {
  const { app, g, graph, specId } = await loadGraph();
  const r = g.trace(graph, id);
  let work: WorkTrace[] | null = null;
  if (specId) {
    // Requirement → issue → branch → PR → state, from the forge and git.
    const { traceWork, formatWork } = await lazy.traceWork();
    const { withForge } = await lazy.forge();
    const ids = r.node.kind === 'requirement' ? [r.node.id] : r.requirements.map((q) => q.id);
    work = await withForge(app, (forge) => traceWork(app, forge, specId, ids));
    if (!flags.json) {
      print(g.formatTrace(r));
      print(formatWork(work));
      return 0;
    }
  }
  if (flags.json) printJson({ ok: true, trace: r, ...(work ? { work } : {}) });
  else print(g.formatTrace(r));
  return 0;
}

import { print, printJson } from '../io.js';
import { openApp } from './shared.js';

async function loadGraph() {
  const app = await openApp();
  const g = await import('../../../domain/graph/index.js');
  const { docsGraph } = await import('../../../app/workflow/graph-docs.js');
  return { app, g, ...docsGraph(app) };
}

export async function graphCommand(flags: {
  format: 'mermaid' | 'dot' | 'json';
  level: 'docs' | 'requirements' | 'all';
  focus?: string;
  json?: boolean;
}): Promise<number> {
  const { g, graph } = await loadGraph();
  const opts = { level: flags.level, ...(flags.focus ? { focus: flags.focus } : {}) };
  if (flags.json || flags.format === 'json') print(g.toJson(graph, opts));
  else if (flags.format === 'dot') print(g.toDot(graph, opts));
  else print(g.toMermaid(graph, opts));
  return 0;
}

export async function traceCommand(id: string, flags: { json?: boolean }): Promise<number> {
  const { app, g, graph, specId } = await loadGraph();
  const r = g.trace(graph, id);
  let work: import('../../../app/workflow/trace-work.js').WorkTrace[] | null = null;
  if (specId) {
    // Requirement → issue → branch → PR → state, from the forge and git.
    const { traceWork, formatWork } = await import('../../../app/workflow/trace-work.js');
    const { openForge } = await import('../../../app/workflow/forge.js');
    const ids = r.node.kind === 'requirement' ? [r.node.id] : r.requirements.map((q) => q.id);
    const { forge, close } = await openForge(app);
    try {
      work = await traceWork(app, forge, specId, ids);
    } finally {
      await close();
    }
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

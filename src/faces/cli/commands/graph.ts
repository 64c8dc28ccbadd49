import { print, printJson } from '../io.js';
import { openApp } from './shared.js';

async function loadGraph() {
  const app = await openApp();
  const { loadAll, requireWorkspace } = await import('../../../app/workflow/context.js');
  requireWorkspace(app);
  const g = await import('../../../domain/graph/index.js');
  const set = loadAll(app);
  return { g, graph: g.buildGraph(set.docs, app.scheme) };
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
  const { g, graph } = await loadGraph();
  const r = g.trace(graph, id);
  if (flags.json) printJson({ ok: true, trace: r });
  else print(g.formatTrace(r));
  return 0;
}

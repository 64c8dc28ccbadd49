import { type TraceResult, trace } from '../../domain/graph/index.js';
import { type App, withForge } from '../kernel/index.js';
import { docsGraph } from './graph-docs.js';
import { traceWork, type WorkTrace } from './trace-work.js';

export interface TraceDocResult {
  trace: TraceResult;
  /** In an implementing repository: each requirement's issue, branch and pull requests (from the forge and git). */
  work?: WorkTrace[];
}

/**
 * `trace`: what points at a document or requirement and what it points at; in an implementing
 * repository, also the work on its requirements. The forge is opened only there, and closed before
 * this returns.
 */
export async function traceDoc(app: App, id: string): Promise<TraceDocResult> {
  const { graph, specId } = docsGraph(app);
  const t = trace(graph, id);
  if (!specId) return { trace: t };
  const ids = t.node.kind === 'requirement' ? [t.node.id] : t.requirements.map((q) => q.id);
  return { trace: t, work: await withForge(app, (forge) => traceWork(app, forge, specId, ids)) };
}

import type { DocSummary } from '../../docs/index.js';
import {
  buildGraph,
  findCycles,
  type Graph,
  REQUIREMENT_CYCLE_EDGES,
  SPEC_CYCLE_EDGES,
} from '../../graph/index.js';
import type { CrossRuleContext } from './context.js';

const WHAT: Record<string, string> = {
  implements: 'implements',
  extends: 'extends',
  depends_on: 'depends on',
  superseded_by: 'is superseded by',
  conforms_to: 'follows standard',
  requires: 'depends on requirement',
  overrides: 'overrides requirement',
};

/** The graph is built once per validation run and shared by the rules that need it. */
const cache = new WeakMap<readonly DocSummary[], Graph>();
export function graphOf(ctx: CrossRuleContext): Graph {
  let g = cache.get(ctx.docs);
  if (!g) {
    g = buildGraph(ctx.docs, ctx.scheme);
    cache.set(ctx.docs, g);
  }
  return g;
}

export function referenceRules(ctx: CrossRuleContext): void {
  const g = graphOf(ctx);
  for (const u of g.unresolved) {
    const code = u.type === 'overrides' ? 'override/target-missing' : 'ref/broken';
    ctx.report({
      code,
      severity: 'error',
      message: `${u.from} ${WHAT[u.type] ?? u.type} "${u.ref}", which does not exist`,
      file: u.file,
      line: u.line,
      column: u.column,
      hint: u.candidates?.length
        ? `Did you mean ${u.candidates
            .slice(0, 3)
            .map((c) => `"${c}"`)
            .join(' or ')}?`
        : 'Check the ID or the requirement name.',
    });
  }
  const nodes = new Map(g.nodes.map((n) => [n.id, n]));
  for (const [edges, what] of [
    [REQUIREMENT_CYCLE_EDGES, 'Requirement dependency cycle'],
    [SPEC_CYCLE_EDGES, 'Spec dependency cycle'],
  ] as const) {
    for (const cycle of findCycles(g, edges)) {
      const first = nodes.get(cycle[0]!);
      const edge = g.edges.find((e) => e.from === cycle[0] && edges.includes(e.type) && cycle.includes(e.to));
      ctx.report({
        code: 'graph/cycle',
        severity: 'error',
        message: `${what}: ${[...cycle, cycle[0]].join(' → ')}`,
        file: edge?.file ?? first?.file ?? '',
        line: edge?.line ?? first?.line ?? 1,
        column: edge?.column ?? first?.column ?? 1,
        hint: 'Nothing in a cycle can start first; remove one of the "Depends on" links.',
      });
    }
  }
  const overridden = new Map<string, string>();
  for (const e of g.edges) {
    if (e.type !== 'overrides') continue;
    const owner = e.from.split(/[/#]/)[0]!;
    const prev = overridden.get(e.to);
    if (prev && prev !== owner) {
      ctx.report({
        code: 'extension/override-duplicate',
        severity: 'warning',
        message: `${e.to} is overridden by both ${prev} and ${owner}`,
        file: e.file,
        line: e.line,
        column: e.column,
        hint: 'Only one override can win in the plan; merge them into one extension.',
      });
    } else overridden.set(e.to, owner);
  }
}

import { EDGE_LABEL, groupsOf, isRetired, nodeText, SOFT_EDGES } from './display.js';
import type { Graph, GraphNode, NodeKind } from './model.js';
import { selectView, type ViewOptions } from './view.js';

export interface DotOptions extends ViewOptions {
  direction?: 'TD' | 'LR';
}

const SHAPE: Record<NodeKind, string> = {
  proposal: 'shape=ellipse',
  spec: 'shape=box',
  extension: 'shape=parallelogram',
  standard: 'shape=hexagon',
  requirement: 'shape=box, style=rounded',
};

/** A DOT double-quoted string. Backslashes are label escapes in DOT (`\n`, `\l`), so they are doubled. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function nodeLine(n: GraphNode, grouped: boolean): string {
  const attrs = [`label=${dotString(nodeText(n, grouped))}`, SHAPE[n.kind]];
  if (isRetired(n))
    attrs.push(n.kind === 'requirement' ? 'style="rounded,dashed"' : 'style=dashed', 'fontcolor=gray40');
  return `${dotString(n.id)} [${attrs.join(', ')}];`;
}

export function toDot(graph: Graph, opts: DotOptions = {}): string {
  const view = selectView(graph, opts);
  const lines = [
    'digraph papertrail {',
    `  rankdir=${opts.direction === 'LR' ? 'LR' : 'TB'};`,
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const g of groupsOf(view)) {
    if (!g.doc) {
      for (const n of g.members) lines.push(`  ${nodeLine(n, false)}`);
      continue;
    }
    lines.push(`  subgraph ${dotString(`cluster_${g.doc.id}`)} {`);
    lines.push(`    label=${dotString(nodeText(g.doc, false))};`);
    for (const n of g.members) lines.push(`    ${nodeLine(n, true)}`);
    lines.push('  }');
  }
  for (const e of view.edges) {
    const attrs = [`label=${dotString(EDGE_LABEL[e.type])}`];
    if (SOFT_EDGES.has(e.type)) attrs.push('style=dashed');
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

import { EDGE_LABEL, groupsOf, isRetired, nodeText, SOFT_EDGES } from './display.js';
import type { Graph, GraphNode, NodeKind } from './model.js';
import { selectView, type ViewOptions } from './view.js';

export interface MermaidOptions extends ViewOptions {
  direction?: 'TD' | 'LR';
}

const SHAPE: Record<NodeKind, [string, string]> = {
  proposal: ['([', '])'],
  spec: ['[', ']'],
  extension: ['[/', '/]'],
  standard: ['{{', '}}'],
  requirement: ['(', ')'],
};

// Words Mermaid's parser takes as keywords when they stand alone as a node ID.
const RESERVED = new Set([
  'end',
  'graph',
  'subgraph',
  'flowchart',
  'style',
  'class',
  'classdef',
  'click',
  'linkstyle',
  'direction',
  'default',
]);

// Text with nothing to escape and single spaces only, as most titles and names are.
const PLAIN_TEXT = /^[^#"&<>`\s](?:[^#"&<>`\s]| (?=[^#"&<>`\s]))*$/;

/** Mermaid entity codes for any text; `#` first, since every other escape introduces one. */
export function escapeMermaidText(s: string): string {
  return s
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/\s+/g, ' ')
    .trim();
}

/** escapeMermaidText's answer, at once for text with nothing to escape. */
export function mermaidText(s: string): string {
  return PLAIN_TEXT.test(s) ? s : escapeMermaidText(s);
}

/** Mermaid IDs must be word characters; different IDs that flatten alike get numbered apart. */
function idMaker(): (id: string) => string {
  const given = new Map<string, string>();
  const used = new Set<string>();
  return (id) => {
    const known = given.get(id);
    if (known) return known;
    let base = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (RESERVED.has(base.toLowerCase()) || /^[^A-Za-z]/.test(base)) base = `n_${base}`;
    let safe = base;
    for (let n = 2; used.has(safe); n++) safe = `${base}_${n}`;
    used.add(safe);
    given.set(id, safe);
    return safe;
  };
}

export function toMermaid(graph: Graph, opts: MermaidOptions = {}): string {
  const view = selectView(graph, opts);
  const safe = idMaker();
  const groups = groupsOf(view);
  const lines = [`graph ${opts.direction ?? 'TD'}`];
  if (view.nodes.some(isRetired)) lines.push('  classDef retired stroke-dasharray: 5 5,color:#888');
  const declare = (n: GraphNode, indent: string, grouped: boolean) => {
    const [open, close] = SHAPE[n.kind];
    const cls = isRetired(n) ? ':::retired' : '';
    lines.push(`${indent}${safe(n.id)}${open}"${mermaidText(nodeText(n, grouped))}"${close}${cls}`);
  };
  for (const g of groups) {
    if (!g.doc) {
      for (const n of g.members) declare(n, '  ', false);
      continue;
    }
    lines.push(`  subgraph ${safe(g.doc.id)}["${mermaidText(nodeText(g.doc, false))}"]`);
    for (const n of g.members) declare(n, '    ', true);
    lines.push('  end');
  }
  for (const e of view.edges) {
    const arrow = SOFT_EDGES.has(e.type) ? '-.->' : '-->';
    lines.push(`  ${safe(e.from)} ${arrow}|${EDGE_LABEL[e.type]}| ${safe(e.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

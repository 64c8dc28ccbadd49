import { EDGE_LABEL, nodeText } from './display.js';
import type { GraphNode, UnresolvedRef } from './model.js';
import type { TraceLink, TraceResult } from './trace.js';

function tree<T>(
  items: readonly T[],
  prefix: string,
  line: (item: T) => string,
  kids: (item: T) => readonly T[],
): string[] {
  const out: string[] = [];
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    out.push(`${prefix}${last ? '└─ ' : '├─ '}${line(item)}`);
    out.push(...tree(kids(item), `${prefix}${last ? '   ' : '│  '}`, line, kids));
  });
  return out;
}

function section<T>(
  title: string,
  items: readonly T[],
  line: (item: T) => string,
  kids: (item: T) => readonly T[] = () => [],
): string[] {
  return [title, ...(items.length ? tree(items, '', line, kids) : ['└─ (none)'])];
}

function linkLine(arrow: string) {
  return (l: TraceLink) =>
    `${EDGE_LABEL[l.type]} ${arrow} ${nodeText(l.node, false)}${l.repeat ? '  (see above)' : ''}`;
}

function missLine(u: UnresolvedRef): string {
  const near = u.candidates?.length ? ` (did you mean ${u.candidates.join(', ')}?)` : '';
  return `${EDGE_LABEL[u.type]} ✗ "${u.ref}"  ${u.file}:${u.line}:${u.column}${near}`;
}

function headline(n: GraphNode, parent: GraphNode | null): string {
  const facts = [n.kind === 'requirement' && parent ? `requirement of ${parent.id}` : n.kind];
  if (n.status) facts.push(n.status);
  facts.push(`${n.file}:${n.line}:${n.column}`);
  return `${nodeText(n, false)}  (${facts.join(', ')})`;
}

/** The trace as a small text tree, one section per direction. */
export function formatTrace(r: TraceResult): string {
  const lines = [headline(r.node, r.parent)];
  if (r.node.kind !== 'requirement')
    lines.push(...section('requirements', r.requirements, (n) => nodeText(n, false)));
  lines.push(...section('pointed at by', r.incoming, linkLine('←'), (l) => l.children));
  lines.push(...section('points at', r.outgoing, linkLine('→'), (l) => l.children));
  if (r.unresolved.length) lines.push(...section('unresolved', r.unresolved, missLine));
  return `${lines.join('\n')}\n`;
}

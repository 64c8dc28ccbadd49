import { EDGE_LABEL, nodeText } from './display.js';
import type { GraphNode, UnresolvedRef } from './model.js';
import type { TraceLink, TraceResult } from './trace.js';

// Past this depth lines stop moving right and say their depth instead: a requires chain through a
// whole workspace would otherwise print a triangle of whitespace quadratic in its length.
const MAX_INDENT = 12;

// Iterative, because chains can be thousands of links deep.
function tree<T>(items: readonly T[], line: (item: T) => string, kids: (item: T) => readonly T[]): string[] {
  const out: string[] = [];
  const stack: { item: T; prefix: string; last: boolean; level: number }[] = [];
  const pushAll = (list: readonly T[], prefix: string, level: number) => {
    for (let i = list.length - 1; i >= 0; i--) {
      stack.push({ item: list[i]!, prefix, last: i === list.length - 1, level });
    }
  };
  pushAll(items, '', 0);
  while (stack.length) {
    const { item, prefix, last, level } = stack.pop()!;
    const deep = level >= MAX_INDENT ? `[${level + 1}] ` : '';
    out.push(`${prefix}${last ? '└─ ' : '├─ '}${deep}${line(item)}`);
    const next = level >= MAX_INDENT ? prefix : `${prefix}${last ? '   ' : '│  '}`;
    pushAll(kids(item), next, level + 1);
  }
  return out;
}

function section<T>(
  title: string,
  items: readonly T[],
  line: (item: T) => string,
  kids: (item: T) => readonly T[] = () => [],
): string[] {
  return [title, ...(items.length ? tree(items, line, kids) : ['└─ (none)'])];
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

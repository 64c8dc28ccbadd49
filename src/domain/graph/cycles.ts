import type { EdgeType, Graph } from './model.js';
import { compareStrings } from './order.js';

/** Edge types whose cycles make a requirement set impossible to implement in order. */
export const REQUIREMENT_CYCLE_EDGES: readonly EdgeType[] = ['requires'];
/** Edge types whose cycles make specs impossible to read or build in order. */
export const SPEC_CYCLE_EDGES: readonly EdgeType[] = ['depends_on', 'extends'];

/**
 * The IDs of nodes at either end of an edge of `types`, as dense integers in ID order, so "smallest
 * ID" is "smallest index". A node with no such edge is in no cycle, and most nodes have none: a
 * requirement has no `depends_on`, a document no `requires`.
 */
function numbered(graph: Graph, types: ReadonlySet<EdgeType>): { ids: string[]; succ: number[][] } {
  const set = new Set<string>();
  for (const e of graph.edges) if (types.has(e.type)) set.add(e.from).add(e.to);
  const ids = [...set].sort(compareStrings);
  const index = new Map(ids.map((id, i) => [id, i]));
  const succ: number[][] = ids.map(() => []);
  for (const e of graph.edges) {
    if (types.has(e.type)) succ[index.get(e.from)!]!.push(index.get(e.to)!);
  }
  for (const list of succ) {
    list.sort((a, b) => a - b);
    let k = 0;
    for (let i = 0; i < list.length; i++) if (i === 0 || list[i] !== list[i - 1]) list[k++] = list[i]!;
    list.length = k;
  }
  return { ids, succ };
}

// Tarjan's algorithm with an explicit stack: a 5,000-spec dependency chain would overflow recursion.
function components(succ: number[][]): Int32Array {
  const n = succ.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  let compCount = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const frame = work[work.length - 1]!;
      const v = frame[0];
      const next = succ[v]!;
      if (frame[1] < next.length) {
        const w = next[frame[1]++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] !== index[v]) continue;
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        comp[w] = compCount;
      } while (w !== v);
      compCount++;
    }
  }
  return comp;
}

/** Shortest cycle of length ≥ 2 through `start`, within its component; breadth-first in ID order. */
function shortestCycle(start: number, succ: number[][], comp: Int32Array): number[] {
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const w of succ[u]!) {
      if (w === start && u !== start) {
        const path: number[] = [];
        for (let x = u; x !== -1; x = parent.get(x)!) path.push(x);
        return path.reverse();
      }
      if (comp[w] !== comp[start] || parent.has(w)) continue;
      parent.set(w, u);
      queue.push(w);
    }
  }
  return [start];
}

function compareCycles(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareStrings(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length - b.length;
}

/**
 * Cycles over the given edge types. Each self-loop is reported as `[id]`; every other strongly
 * connected component as one representative cycle: the shortest one through its smallest ID,
 * starting there (the edge back to the first node is implied). Listing every elementary cycle
 * could be exponential; one per component is enough to point at the knot.
 */
export function findCycles(graph: Graph, edgeTypes: readonly EdgeType[]): string[][] {
  const { ids, succ } = numbered(graph, new Set(edgeTypes));
  const comp = components(succ);
  const first = new Map<number, number>();
  const size = new Map<number, number>();
  const cycles: number[][] = [];
  for (let v = 0; v < succ.length; v++) {
    const c = comp[v]!;
    if (!first.has(c)) first.set(c, v);
    size.set(c, (size.get(c) ?? 0) + 1);
    if (succ[v]!.includes(v)) cycles.push([v]);
  }
  for (const [c, v] of first) if (size.get(c)! > 1) cycles.push(shortestCycle(v, succ, comp));
  return cycles.map((cycle) => cycle.map((i) => ids[i]!)).sort(compareCycles);
}

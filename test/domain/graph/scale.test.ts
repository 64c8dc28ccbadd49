import { describe, expect, it } from 'vitest';
import {
  buildGraph,
  findCycles,
  formatTrace,
  SPEC_CYCLE_EDGES,
  toJson,
  toMermaid,
  trace,
} from '../../../src/domain/graph/index.js';
import { parseAll, scheme } from './helpers.js';

const SPECS = 5_000;
const id = (n: number) => `SPEC-${String(n).padStart(4, '0')}`;

/** Spec n has five requirements chained by name, leans on spec n-1, and every 50th has a typo. */
function spec(n: number): string {
  const reqs = Array.from({ length: 5 }, (_, k) => {
    const deps = [
      k > 0 ? `Req ${n}.${k - 1}` : n > 1 ? `${id(n - 1)}/REQ-005` : null,
      n % 50 === 0 && k === 4 ? `Rq ${n}.3` : null,
    ];
    const line = deps.filter(Boolean).join(', ');
    return `### Requirement: Req ${n}.${k}\n**ID:** REQ-00${k + 1}\n${line ? `**Depends on:** ${line}\n` : ''}\nIt SHALL hold.\n`;
  });
  const fm = n > 1 ? `---\ndepends_on: [${id(n - 1)}]\n---\n` : '';
  return `${fm}# ${id(n)}: Spec ${n}\n\n## Requirements\n\n${reqs.join('\n')}`;
}

describe('scale', () => {
  it(`builds, checks and renders ${SPECS} specs × 5 requirements quickly`, () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= SPECS; n++) files[`specs/${id(n)}-s.md`] = spec(n);
    const docs = parseAll(files);

    let t = performance.now();
    const g = buildGraph(docs, scheme);
    const build = performance.now() - t;
    expect(g.nodes).toHaveLength(SPECS * 6);
    expect(g.unresolved).toHaveLength(SPECS / 50);
    expect(g.unresolved[0]?.candidates?.[0]).toBe('Req 50.3');

    t = performance.now();
    expect(findCycles(g, ['requires'])).toEqual([]);
    expect(findCycles(g, SPEC_CYCLE_EDGES)).toEqual([]);
    const cycles = performance.now() - t;

    t = performance.now();
    toMermaid(g);
    toJson(g);
    // Every requirement leans on the first one through a single 25,000-link requires chain.
    const deep = trace(g, `${id(1)}/REQ-001`);
    const text = formatTrace(deep);
    const render = performance.now() - t;
    expect(deep.incoming).toHaveLength(1);
    expect(text.split('\n').filter((l) => l.includes('requires ←'))).toHaveLength(SPECS * 5 - 1);

    // Loose bounds, since CI machines are slow and shared; measured ~0.3 s / 0.1 s / 1 s unloaded. A
    // per-reference scan of all documents would cost ~10^8 comparisons here and blow through them.
    expect(build).toBeLessThan(3_000);
    expect(cycles).toBeLessThan(3_000);
    expect(render).toBeLessThan(6_000);
  });
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PtError } from '../../../src/base/index.js';
import {
  type AuditRecord,
  appendRecord,
  ChainVerifier,
  canonicalJson,
  checkpointOf,
  GENESIS,
  hashRecord,
  verifyChain,
} from '../../../src/domain/execution/index.js';

function chain(n: number, data: (i: number) => unknown = (i) => ({ issue: i % 7, step: 'implement', n: i })) {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      appendRecord(out[i - 1] ?? null, {
        at: `2026-12-06T00:00:${String(i % 60).padStart(2, '0')}Z`,
        actor: i % 2 ? 'agent-1' : 'alice',
        type: 'attempt-completed',
        data: data(i),
      }),
    );
  return out;
}

describe('canonical JSON', () => {
  it('sorts keys by code unit, drops whitespace and undefined properties, writes -0 as 0', () => {
    expect(
      canonicalJson({ b: 1, a: [true, null, 'x'], B: { z: undefined, y: -0 }, é: 0.5, '\u{1f600}': 1e21 }),
    ).toBe('{"B":{"y":0},"a":[true,null,"x"],"b":1,"é":0.5,"\u{1f600}":1e+21}');
    expect(canonicalJson('a"\\\n\u0001\ud800')).toBe('"a\\"\\\\\\n\\u0001\\ud800"');
  });

  it('refuses what JSON cannot carry back', () => {
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      1n,
      [undefined],
      new Date(0),
      new Map(),
      () => 1,
    ]) {
      try {
        canonicalJson({ x: bad });
        throw new Error(`accepted ${String(bad)}`);
      } catch (e) {
        expect((e as PtError).code).toBe('audit/not-canonical');
      }
    }
  });

  it('matches a plain reference writer, whichever path it takes (in order, re-ordered, index keys)', () => {
    const reference = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
      if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o)
          .filter((k) => o[k] !== undefined)
          .sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
      }
      return JSON.stringify(v);
    };
    const key = fc.constantFrom('0', '2', '10', '01', 'a', 'B', 'é', '', '\u{1f600}', 'z', 'aa');
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(key, tie('v'), { maxKeys: 5 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 1000 },
    );
  });

  it('is JSON that parses back to the same value, and is stable under key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});

describe('audit hash chain', () => {
  it('hashes the canonical JSON of the record without its hash, and links each record to the one before', () => {
    const [a, b] = chain(2);
    const { hash, ...rest } = a!;
    expect(hash).toBe(createHash('sha256').update(canonicalJson(rest)).digest('hex'));
    expect(hashRecord(rest)).toBe(hash);
    expect(a!.seq).toBe(1);
    expect(a!.prev).toBe(GENESIS);
    expect(b!.prev).toBe(a!.hash);
    expect(verifyChain(chain(5))).toEqual({ ok: true, length: 5, head: chain(5)[4]!.hash });
    expect(verifyChain([], { length: 0, head: GENESIS })).toEqual({ ok: true, length: 0, head: GENESIS });
  });

  it('names the first bad record and why', () => {
    const c = chain(6);
    const edited = c.map((r, i) => (i === 2 ? { ...r, actor: 'mallory' } : r));
    expect(verifyChain(edited)).toMatchObject({ ok: false, break: { problem: 'edited', index: 2, seq: 3 } });
    const gone = [...c.slice(0, 2), ...c.slice(4)];
    expect(verifyChain(gone)).toMatchObject({
      ok: false,
      length: 2,
      break: { problem: 'deleted', index: 2, message: 'records 3 to 4 are missing' },
    });
    const swapped = [c[0]!, c[2]!, c[1]!, ...c.slice(3)];
    expect(verifyChain(swapped)).toMatchObject({ break: { problem: 'reordered', index: 1, seq: 2 } });
    const copied = [...c.slice(0, 3), c[1]!, ...c.slice(3)];
    expect(verifyChain(copied)).toMatchObject({ break: { problem: 'duplicate', index: 3 } });
    // Rewritten and re-hashed: the record itself checks out, the next one no longer follows it.
    const rehashed = c.map((r, i) => {
      if (i !== 2) return r;
      const { hash: _, ...rest } = { ...r, data: { forged: true } };
      return { ...rest, hash: hashRecord(rest) };
    });
    expect(verifyChain(rehashed)).toMatchObject({ break: { problem: 'wrong-prev', index: 3, seq: 4 } });
    expect(verifyChain([{ ...c[0]!, hash: 'x' }])).toMatchObject({
      break: { problem: 'malformed', index: 0 },
    });
  });

  it('catches a cut or rewritten tail against a checkpoint', () => {
    const c = chain(6);
    const cp = checkpointOf(c.slice(0, 5));
    expect(verifyChain(c, cp).ok).toBe(true);
    expect(verifyChain(c.slice(0, 3), cp)).toMatchObject({ break: { problem: 'truncated', index: 3 } });
    // The tail from record 4 on rewritten and re-hashed: a valid chain, but not the one checkpointed.
    const forged = [...c.slice(0, 3)];
    for (let i = 3; i < 6; i++) forged.push(appendRecord(forged[i - 1]!, { ...c[i]!, data: { forged: i } }));
    expect(verifyChain(forged).ok).toBe(true);
    expect(verifyChain(forged, cp)).toMatchObject({ break: { problem: 'rewritten', index: 4, seq: 5 } });
  });

  it('verifies records as they come from a generator (one pass)', () => {
    const c = chain(50);
    function* pages() {
      for (let i = 0; i < c.length; i += 7) yield* c.slice(i, i + 7);
    }
    expect(verifyChain(pages(), checkpointOf(c))).toMatchObject({ ok: true, length: 50 });
  });
});

describe('audit hash chain properties', () => {
  const arbChain = fc
    .array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 25 })
    .map((data) => chain(data.length, (i) => data[i]));
  const FIELDS = ['seq', 'prev', 'at', 'actor', 'type', 'data', 'hash'] as const;

  it('finds any single edit of any field, at that record', () => {
    fc.assert(
      fc.property(arbChain, fc.nat(), fc.constantFrom(...FIELDS), fc.jsonValue(), (c, n, field, value) => {
        const i = n % c.length;
        const edited = {
          ...c[i]!,
          [field]: field === 'data' ? value : field === 'seq' ? c[i]!.seq + 1 + (n % 3) : `${c[i]![field]}x`,
        };
        if (field === 'data' && canonicalJson(value) === canonicalJson(c[i]!.data)) return;
        const r = verifyChain(
          c.map((x, k) => (k === i ? edited : x)),
          checkpointOf(c),
        );
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.break.index).toBe(i);
      }),
      { numRuns: 500 },
    );
  });

  it('finds any single deletion and any swap of two records', () => {
    fc.assert(
      fc.property(arbChain, fc.nat(), fc.nat(), (c, a, b) => {
        const i = a % c.length;
        const deleted = verifyChain(
          c.filter((_, k) => k !== i),
          checkpointOf(c),
        );
        expect(deleted).toMatchObject({ ok: false, break: { index: i } });
        const j = b % c.length;
        if (i === j) return;
        const swapped = [...c];
        [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
        expect(verifyChain(swapped)).toMatchObject({
          ok: false,
          break: { problem: 'reordered', index: Math.min(i, j) },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('finds any record rewritten and re-hashed, with the rest re-chained, against a checkpoint', () => {
    fc.assert(
      fc.property(arbChain, fc.nat(), (c, n) => {
        const i = n % c.length;
        const forged = c.slice(0, i);
        for (let k = i; k < c.length; k++)
          forged.push(
            appendRecord(forged[k - 1] ?? null, { ...c[k]!, actor: k === i ? 'mallory' : c[k]!.actor }),
          );
        expect(verifyChain(forged).ok).toBe(true);
        expect(verifyChain(forged, checkpointOf(c))).toMatchObject({
          ok: false,
          break: { problem: 'rewritten' },
        });
      }),
      { numRuns: 300 },
    );
  });

  it('goes on after a prefix found intact elsewhere with the result of one pass from the start', () => {
    // Any damage after the prefix, any checkpoint: resuming with the prefix's length, last hash and
    // the hash at the checkpoint gives what one verifier given every record gives.
    fc.assert(
      fc.property(arbChain, fc.nat(), fc.nat(), fc.nat(), fc.boolean(), (c, a, b, k, del) => {
        const split = a % (c.length + 1);
        const at = split + (b % Math.max(1, c.length - split));
        const damaged = c.flatMap((r, i) =>
          i !== at || split === c.length ? [r] : del ? [] : [{ ...r, actor: `${r.actor}x` }],
        );
        const checkpoint = checkpointOf(c.slice(0, k % (c.length + 1)));
        const whole = verifyChain(damaged, checkpoint);
        const first = new ChainVerifier();
        for (const r of damaged.slice(0, split)) first.add(r);
        const prefix = first.intact()!;
        expect(prefix).toEqual({ length: split, head: split ? c[split - 1]!.hash : GENESIS });
        const rest = new ChainVerifier(checkpoint, {
          ...prefix,
          atCheckpoint: checkpoint.length <= split ? (c[checkpoint.length - 1]?.hash ?? null) : null,
        });
        for (const r of damaged.slice(split)) if (!rest.add(r)) break;
        expect(rest.result()).toEqual(whole);
        expect(rest.intact() === null).toBe(
          !whole.ok && whole.break.problem !== 'truncated' && whole.break.problem !== 'rewritten',
        );
      }),
      { numRuns: 500 },
    );
  });
});

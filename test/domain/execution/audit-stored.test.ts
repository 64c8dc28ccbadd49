import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditRecord,
  appendRecord,
  ChainVerifier,
  type Checkpoint,
  canonicalJson,
  checkpointOf,
  hashStoredRecord,
  type StoredRecord,
  verifyChain,
  verifyStoredChain,
} from '../../../src/domain/execution/index.js';

// Records as the store keeps them (data as the JSON text that was hashed) are verified by hashing the
// text as it is when it is canonical. That must give exactly what the plain way gives (parse every
// data text, then verifyChain), on honest chains and on every kind of damage.

const chainOf = (data: readonly unknown[]): AuditRecord[] => {
  const out: AuditRecord[] = [];
  for (const [i, d] of data.entries())
    out.push(
      appendRecord(out[i - 1] ?? null, {
        at: `2026-12-06T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
        actor: i % 3 ? 'agent-1' : 'al"ice',
        type: 'attempt-completed',
        data: d,
      }),
    );
  return out;
};
const stored = (c: readonly AuditRecord[]): StoredRecord[] =>
  c.map((r) => ({ ...r, data: JSON.stringify(r.data) }));

/** The plain way: parse each data text, then verify the values. */
function plain(rows: readonly StoredRecord[], cp?: Checkpoint) {
  return verifyChain(
    rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown })),
    cp,
  );
}

/** The record's hash over whatever text it now holds, as a forger who ignores canonical form would. */
const rehashAsText = (r: StoredRecord): StoredRecord => {
  const text = `{"actor":${JSON.stringify(r.actor)},"at":${JSON.stringify(r.at)},"data":${r.data},"prev":${JSON.stringify(r.prev)},"seq":${r.seq},"type":${JSON.stringify(r.type)}}`;
  return { ...r, hash: createHash('sha256').update(text).digest('hex') };
};

/** Ways to change a record's data text that still parse. */
const retext = fc.constantFrom<(r: StoredRecord) => StoredRecord>(
  (r) => ({ ...r, data: JSON.stringify(JSON.parse(r.data), null, 1) }),
  (r) => ({ ...r, data: ` ${r.data}` }),
  (r) => ({ ...r, data: escapeLetter(r.data) }),
  (r) => ({ ...r, data: wholeAsFraction(r.data) }),
  (r) => ({ ...r, data: reorder(r.data) }),
  (r) => rehashAsText({ ...r, data: reorder(r.data) }),
  (r) => rehashAsText({ ...r, data: ` ${r.data}` }),
  (r) => ({ ...r, data: JSON.stringify({ forged: JSON.parse(r.data) }) }),
  (r) => rehashAsText({ ...r, data: JSON.stringify({ forged: JSON.parse(r.data) }) }),
);
/** The first whole number written with a fraction (1 as 1.0). */
const wholeAsFraction = (text: string) => text.replace(/(^|[,:[])(-?\d+)(?=[,}\]]|$)/, '$1$2.0');

/** The first letter that opens a string written as a \\u escape. */
const escapeLetter = (text: string) =>
  text.replace(/"([a-z])/, (_, c: string) => `"\\u00${c.charCodeAt(0).toString(16)}`);

/** An object's keys written in reverse order (the text of anything else as it is). */
function reorder(text: string): string {
  const v = JSON.parse(text) as unknown;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return text;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .reverse()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`)
    .join(',')}}`;
}

const arbData = fc.array(
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({ workItem: fc.nat(), step: fc.string(), note: fc.string({ unit: 'binary' }) }),
  ),
  { minLength: 1, maxLength: 20 },
);

describe('verifying stored records (data as JSON text)', () => {
  it('hashes a canonical text as it is, giving the record hash appendRecord gave', () => {
    const c = chainOf([{ b: 1, a: [1, 'x\n', { z: null }] }, 'plain', 0.5, { '10': 1, '2': 2 }]);
    for (const r of c) expect(hashStoredRecord({ ...r, data: JSON.stringify(r.data) })).toBe(r.hash);
    expect(hashStoredRecord({ ...c[0]!, data: '{"a":' })).toBeNull();
  });

  it('gives the same result as parsing every record first, on honest chains and any one change', () => {
    fc.assert(
      fc.property(
        arbData,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 6 }),
        retext,
        (data, a, b, kind, change) => {
          const c = stored(chainOf(data));
          const cp = checkpointOf(chainOf(data));
          const i = a % c.length;
          const j = b % c.length;
          let rows = c;
          if (kind === 1) rows = c.map((r, k) => (k === i ? change(r) : r));
          if (kind === 2) rows = c.filter((_, k) => k !== i);
          if (kind === 3) [rows[i], rows[j]] = [c[j]!, c[i]!];
          if (kind === 4) rows = [...c.slice(0, i + 1), c[j]!, ...c.slice(i + 1)];
          if (kind === 5) rows = c.slice(0, i);
          if (kind === 6) rows = c.map((r, k) => (k === i ? { ...r, actor: `${r.actor}x` } : r));
          const fast = verifyStoredChain(rows, cp);
          expect(fast).toEqual(plain(rows, cp));
          expect(verifyStoredChain(rows)).toEqual(plain(rows));
          if (kind === 0) expect(fast.ok).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('still verifies a data text that says the same thing in another form; finds one that does not', () => {
    const same = [
      (t: string) => JSON.stringify(JSON.parse(t), null, 1),
      (t: string) => ` ${t}`,
      escapeLetter,
      wholeAsFraction,
      reorder,
    ];
    fc.assert(
      fc.property(arbData, fc.nat(), fc.constantFrom(...same), (data, a, change) => {
        const c = stored(chainOf(data));
        const i = a % c.length;
        const edit = (f: (t: string) => string) => c.map((r, k) => (k === i ? { ...r, data: f(r.data) } : r));
        const changed = edit(change);
        // A change inside a string (a digit run that looked like a number) says something else.
        if (canonicalJson(JSON.parse(changed[i]!.data)) === canonicalJson(JSON.parse(c[i]!.data)))
          expect(verifyStoredChain(changed).ok).toBe(true);
        expect(verifyStoredChain(edit((t) => JSON.stringify([JSON.parse(t)])))).toMatchObject({
          ok: false,
          break: { problem: 'edited', index: i },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('calls data that is not JSON, or not a string, a change or not a record', () => {
    const c = stored(chainOf([{ a: 1 }, { a: 2 }]));
    expect(verifyStoredChain([c[0]!, { ...c[1]!, data: '{"a":2' }])).toMatchObject({
      ok: false,
      break: { problem: 'edited', index: 1 },
    });
    const notText = { ...c[1]!, data: { a: 2 } } as unknown as StoredRecord;
    expect(verifyStoredChain([c[0]!, notText])).toMatchObject({ break: { problem: 'malformed', index: 1 } });
    // Nesting canonical JSON refuses: appendRecord never wrote it.
    const deep = `${'['.repeat(300)}${']'.repeat(300)}`;
    expect(verifyStoredChain([c[0]!, { ...c[1]!, data: deep }])).toMatchObject({
      break: { problem: 'edited', index: 1 },
    });
  });

  it('takes records a page at a time and stops reading once the result is known', () => {
    const c = stored(chainOf(Array.from({ length: 30 }, (_, i) => ({ i }))));
    const v = new ChainVerifier(checkpointOf(chainOf(Array.from({ length: 30 }, (_, i) => ({ i })))));
    for (let i = 0; i < c.length; i += 7)
      for (const r of c.slice(i, i + 7)) expect(v.addStored(r)).toBe(true);
    expect(v.result()).toMatchObject({ ok: true, length: 30 });
    const w = new ChainVerifier();
    expect(w.addStored(c[0]!)).toBe(true);
    expect(w.addStored({ ...c[1]!, actor: 'mallory' })).toBe(false);
    expect(w.addStored(c[2]!)).toBe(false);
    expect(w.result()).toMatchObject({ ok: false, break: { problem: 'edited', index: 1 } });
  });
});

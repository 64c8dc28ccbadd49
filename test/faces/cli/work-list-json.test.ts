import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkRow } from '../../../src/app/execution/index.js';
import { printWorkList } from '../../../src/faces/cli/commands/work/list-json.js';
import { printJson } from '../../../src/faces/cli/io.js';

// printWorkList skips printJson's redacting copy when nothing in the list holds a secret; it must
// print the same bytes as printJson either way.

function captured(print: () => void): string {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  try {
    print();
  } finally {
    spy.mockRestore();
  }
  return out;
}

// Free text with what JSON and the terminal treat specially: quotes, escapes, C0, DEL, C1, line and
// paragraph separators, astral characters and lone surrogates.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '"', '\\', '\u0000\u001b[31m', '\u007f\u0085\u009b', '\u2028\u2029', '\ud800', 'é😀'),
);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const row: fc.Arbitrary<WorkRow> = fc.record({
  issue: fc.nat(),
  title: text,
  status: fc.constantFrom('pending', 'active', 'done', 'cancelled'),
  step: nullable(text),
  stepState: nullable(fc.constantFrom('pending', 'running', 'gate', 'held', 'done', 'queued' as const)),
  attempt: nullable(fc.record({ id: fc.nat(), number: fc.nat(), status: text })),
  executor: nullable(text),
  leaseExpiresAt: nullable(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
  gates: fc.array(fc.record({ key: text, status: fc.constantFrom('pending', 'pass', 'fail', 'skipped') }), {
    maxLength: 3,
  }),
  blockedBy: fc.array(fc.nat(), { maxLength: 4 }),
}) as fc.Arbitrary<WorkRow>;

const SECRET = 'ghp_listJsonToken"\\0123456789';
/** Where a secret may hide in a row. */
const hide = fc.constantFrom<(r: WorkRow, s: string) => void>(
  (r, s) => {
    r.title = `a${s}b`;
  },
  (r, s) => {
    r.executor = s;
  },
  (r, s) => {
    r.gates.push({ key: `k${s}`, status: 'pass' });
  },
  (r, s) => {
    r.attempt = { id: 1, number: 1, status: s };
  },
);

describe('work list --json', () => {
  const saved = process.env.GITHUB_TOKEN;
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_TOKEN;
    else process.env.GITHUB_TOKEN = saved;
  });

  it('prints what printJson prints, with no secret known', () => {
    delete process.env.GITHUB_TOKEN;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (rows) => {
        expect(captured(() => printWorkList(rows))).toBe(
          captured(() => printJson({ ok: true, items: rows })),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('prints what printJson prints with a secret known, whether the list holds it or not', () => {
    process.env.GITHUB_TOKEN = SECRET;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 4 }), fc.boolean(), hide, (rows, held, put) => {
        if (held) put(rows[rows.length - 1]!, SECRET);
        const out = captured(() => printWorkList(rows));
        expect(out).toBe(captured(() => printJson({ ok: true, items: rows })));
        expect(out).not.toContain('ghp_listJsonToken');
      }),
      { numRuns: 200 },
    );
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, describeRule } from '../../../src/domain/lint/index.js';

const SRC = join(import.meta.dirname, '../../../src/domain');

/** Every code literal passed to `finding(...)` or written as `code: '...'` in the document engine. */
function reportedCodes(): Set<string> {
  const files = [
    ...readdirSync(join(SRC, 'lint/rules')).map((f) => join(SRC, 'lint/rules', f)),
    join(SRC, 'docs/parse-doc.ts'),
    join(SRC, 'docs/load.ts'),
    join(SRC, 'markdown/frontmatter.ts'),
  ];
  const codes = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:finding\(\s*|code:\s*(?:[^'\n]*\?\s*)?)'([a-z]+\/[a-z0-9-]+)'/g))
      codes.add(m[1]!);
    for (const m of text.matchAll(/'([a-z]+\/[a-z0-9-]+)'\s*:\s*'([a-z]+\/[a-z0-9-]+)'/g)) {
      codes.add(m[1]!);
      codes.add(m[2]!);
    }
  }
  return codes;
}

describe('rule catalog', () => {
  it('describes every code the rules can report', () => {
    const codes = reportedCodes();
    expect(codes.size).toBeGreaterThan(50);
    expect([...codes].filter((c) => !CATALOG[c])).toEqual([]);
    for (const c of [
      'override/target-missing',
      'frontmatter/duplicate-key',
      'naming/file-pattern',
      'graph/cycle',
    ]) {
      expect(codes.has(c), c).toBe(true);
    }
    expect(CATALOG['file/not-utf8']?.severity).toBe('error');
  });

  it('gives every entry a severity, a summary and help', () => {
    for (const [code, r] of Object.entries(CATALOG)) {
      expect(code).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect(r.summary.length).toBeGreaterThan(5);
      expect(r.help.length).toBeGreaterThan(5);
    }
  });

  it('falls back to a warning for an unknown code', () => {
    expect(describeRule('nope/nothing')).toEqual({
      severity: 'warning',
      summary: 'nope/nothing',
      help: 'See the message.',
    });
    expect(describeRule('graph/cycle')).toBe(CATALOG['graph/cycle']);
  });
});

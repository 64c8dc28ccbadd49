// Every refusal tells the user what to do next: each PtError the program raises carries a hint. A scan
// of the sources, so a new error without one fails here instead of reaching a user.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The text of each `new PtError(…)` call, found by matching brackets. */
function errorCalls(text: string): { line: number; call: string }[] {
  const out: { line: number; call: string }[] = [];
  for (const m of text.matchAll(/new PtError\(/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    while (depth > 0 && i < text.length) {
      const c = text[i++];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
    }
    out.push({ line: text.slice(0, m.index).split('\n').length, call: text.slice(m.index, i) });
  }
  return out;
}

describe('error hints', () => {
  it('every PtError raised in src/ has a hint', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      for (const { line, call } of errorCalls(readFileSync(file, 'utf8'))) {
        seen++;
        if (!/\bhint\b/.test(call)) missing.push(`${rel}:${line} ${call.slice(12, 60)}`);
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});

// scanSpec replaced "Markdown scan, then an OpenSpec view over its Line objects" by one pass over
// offsets, for speed. The former two-step reading is kept here as the oracle: both must agree on
// every header, every fenced line and every line the two readings disagree on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Heading, scan } from '../../../src/domain/markdown/index.js';
import type { MalformedHeader } from '../../../src/domain/openspec/model.js';
import { scenarioName } from '../../../src/domain/openspec/names.js';
import { isBlankLine, isFenced, lineText, scanSpec } from '../../../src/domain/openspec/scan-spec.js';

const KEYWORD_NO_SPACE =
  /^#{1,6}(?=(?:Requirement|Scenario)\s*:|(?:Purpose|Requirements|(?:ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements)\s*$)/i;
const SECTION_NAME = /^(?:Purpose|Requirements|(?:ADDED|MODIFIED|REMOVED|RENAMED) Requirements)$/i;
const FENCE_OPEN = /^\s*(`{3,}|~{3,})/;
const FENCE_CLOSE = /^\s*(`{3,}|~{3,})\s*$/;

/** The previous implementation (src/domain/openspec/view.ts before the single pass). */
function oracle(source: string) {
  const s = scan(source);
  const malformed: MalformedHeader[] = [];
  const flag = (kind: MalformedHeader['kind'], t: string, num: number) =>
    malformed.push({ kind, text: t.trim(), line: num, column: t.search(/\S/) + 1 });
  const fenced: boolean[] = [];
  const headings: Heading[] = [];
  let marker = 0;
  let len = 0;
  let next = 0;
  for (let i = 0; i < s.lines.length; i++) {
    const l = s.lines[i]!;
    const t = l.text;
    let k = 0;
    while (k < t.length && (t.charCodeAt(k) === 32 || t.charCodeAt(k) === 9)) k++;
    const c = k < t.length ? t.charCodeAt(k) : -1;
    let f = len > 0;
    if (c === 96 || c === 126) {
      const m = (len === 0 ? FENCE_OPEN : FENCE_CLOSE).exec(t);
      if (m && len === 0) {
        marker = c;
        len = m[1]!.length;
        f = true;
      } else if (m && m[1]!.charCodeAt(0) === marker && m[1]!.length >= len) len = 0;
    }
    fenced.push(f);
    let md: Heading | undefined;
    if (next < s.headings.length && s.headings[next]!.index === i) md = s.headings[next++];
    if (c !== 35 || t.charCodeAt(0) !== 35 || f) {
      if (md) flag('markdown-only', t, l.num);
      continue;
    }
    const h = md ?? (scan(t, l.num).headings[0] ? { ...scan(t, l.num).headings[0]!, index: i } : undefined);
    if (!h) {
      if (KEYWORD_NO_SPACE.test(t)) flag('missing-space', t, l.num);
      continue;
    }
    if (!md) flag('openspec-only', t, l.num);
    else if (SECTION_NAME.test(h.text) && /#[ \t]*$/.test(t)) flag('closing-hashes', t, l.num);
    headings.push(h);
  }
  return {
    lines: s.lines.map((l) => l.text),
    blank: s.lines.map((l) => l.text.trim() === ''),
    fenced,
    headings,
    malformed,
  };
}

function viaScanSpec(source: string) {
  const s = scanSpec(source);
  const all = Array.from({ length: s.count }, (_, i) => i);
  return {
    lines: all.map((i) => lineText(s, i)),
    blank: all.map((i) => isBlankLine(s, i)),
    fenced: all.map((i) => isFenced(s, i)),
    headings: s.headings,
    malformed: s.malformed,
  };
}

const LINE = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\u00a0',
    '# Title',
    '## Purpose',
    '## Requirements ##',
    '   ## Indented',
    '    ## Code',
    '\t## Tab',
    '\t```',
    ' \t~~~',
    '\t# Tab title',
    '###Requirement: X',
    '### Requirement: A ###',
    '#### Scenario: s',
    '####### seven',
    '#',
    '```',
    '```md',
    '``` `x`',
    '  ```',
    '     ```',
    '~~~',
    '~~~~',
    '````',
    '``` ',
    '```\u00a0',
    '- **WHEN** x',
    'text',
    '\r',
  ),
  fc.string({ maxLength: 12 }),
);

describe('scanSpec', () => {
  it('reads headers, fences and disagreements exactly as the two-step reading did (property)', () => {
    fc.assert(
      fc.property(fc.array(LINE, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const source = lines.join(eol);
        expect(viaScanSpec(source)).toEqual(oracle(source));
      }),
      { numRuns: 3000 },
    );
  });

  it('skips a byte-order mark left at the start, as the Markdown scanner does', () => {
    expect(viaScanSpec('\ufeff# Title\nx')).toEqual(oracle('\ufeff# Title\nx'));
    expect(scanSpec('\ufeff# Title').headings[0]?.text).toBe('Title');
  });
});

describe('scenarioName', () => {
  const reference = (t: string) =>
    t
      .replace(/[ \t]+#+[ \t]*$/, '')
      .trim()
      .replace(/^Scenario:\s*/i, '')
      .trim();

  it('agrees with the regex definition (property)', () => {
    const part = fc.constantFrom(
      'Scenario:',
      'scenario:',
      'SCENARIO:',
      'Scenario',
      'Scenari',
      ' ',
      '\t',
      '\u00a0',
      '\u2003',
      '#',
      ' ##',
      'x',
      'Ok',
      '\x1a',
      'ſ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(part, fc.string({ maxLength: 4 })), { maxLength: 6 }), (parts) => {
        const t = parts.join('');
        expect(scenarioName(t)).toBe(reference(t));
      }),
      { numRuns: 5000 },
    );
  });
});

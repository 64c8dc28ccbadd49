import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTerminalSafe, terminalSafe } from '../../../src/faces/cli/terminal-safe.js';

describe('terminalSafe', () => {
  it('writes escape sequences, NUL and other controls as visible \\u escapes', () => {
    expect(terminalSafe('a\u001b[31mred\u001b]0;title\u0007\u0000b')).toBe(
      'a\\u001b[31mred\\u001b]0;title\\u0007\\u0000b',
    );
    // C1 controls (a single-byte CSI, NEL) and DEL, a backspace and a lone CR.
    expect(terminalSafe('\u009b2J\u0085\u007f\b\rx')).toBe('\\u009b2J\\u0085\\u007f\\u0008\\u000dx');
  });

  it('keeps tabs, line ends (LF and CRLF) and all other text as it is', () => {
    const text = 'ID\tTITLE\r\nSPEC-0001 → Überwachung 監視 😀\n';
    expect(terminalSafe(text)).toBe(text);
  });

  it('leaves JSON text exact: it parses back to the same value', () => {
    const value = { title: 'x\u001b[2J\u0000\u009b\u007fy\r', n: 1 };
    const out = terminalSafe(JSON.stringify(value, null, 2));
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(out)).toEqual(value);
  });

  it('makes JSON text safe with the cheaper scan, to the same result (property)', () => {
    // Strings heavy in controls, CR, DEL and C1: the characters the two scans treat differently.
    const char = fc.oneof(
      fc.integer({ min: 0, max: 0x20 }),
      fc.integer({ min: 0x7e, max: 0xa0 }),
      fc.integer({ min: 0x21, max: 0xffff }),
    );
    const text = fc.array(char, { maxLength: 40 }).map((cs) => String.fromCharCode(...cs));
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.array(text, { maxLength: 5 }), (value, strings) => {
        const json = JSON.stringify({ value, strings }, null, 2);
        expect(jsonTerminalSafe(json)).toBe(terminalSafe(json));
      }),
      { numRuns: 500 },
    );
  });
});

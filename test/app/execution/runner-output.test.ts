// The step's output split into lines as chunks arrive (a character or a line may be cut between two
// chunks), and the bounded tail kept for the record.
import { describe, expect, it } from 'vitest';
import { LINE_CHARS, TAIL_CHARS } from '../../../src/app/execution/runner/index.js';
import { OutputLines } from '../../../src/app/execution/runner/output-lines.js';

function collect() {
  const lines: string[] = [];
  const out = new OutputLines((stream, line) => lines.push(`${stream}:${line}`));
  return { lines, out };
}

describe('OutputLines', () => {
  it('joins a line and a character cut between chunks, per stream', () => {
    const { lines, out } = collect();
    const euro = Buffer.from('€', 'utf8');
    out.write('stdout', Buffer.from('pri'));
    out.write('stderr', Buffer.from('warn\r\n'));
    out.write('stdout', Buffer.concat([Buffer.from('ce 5'), euro.subarray(0, 1)]));
    out.write('stdout', Buffer.concat([euro.subarray(1), Buffer.from('\nnext\n\nlast')]));
    out.end();
    expect(lines).toEqual(['stderr:warn', 'stdout:price 5€', 'stdout:next', 'stdout:', 'stdout:last']);
    expect(out.tail()).toBe('warn\nprice 5€\nnext\n\nlast');
  });

  it('passes a line without a break on in pieces', () => {
    const { lines, out } = collect();
    out.write('stdout', Buffer.from('x'.repeat(LINE_CHARS * 2 + 3)));
    expect(lines).toEqual([`stdout:${'x'.repeat(LINE_CHARS)}`, `stdout:${'x'.repeat(LINE_CHARS)}`]);
    out.end();
    expect(lines.at(-1)).toBe('stdout:xxx');
  });

  it('keeps only the end for the record, and says so', () => {
    const { out } = collect();
    for (let i = 0; i < 5000; i++) out.write('stdout', Buffer.from(`line ${i}\n`));
    const tail = out.tail();
    expect(tail.length).toBeLessThanOrEqual(TAIL_CHARS + 30);
    expect(tail.startsWith('[earlier output not kept]\n')).toBe(true);
    expect(tail.endsWith('line 4999')).toBe(true);
  });
});

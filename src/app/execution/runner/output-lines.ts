// A step's output, as lines for the face to stream and as a bounded tail for the record. An agent
// can print for hours: what is kept is the end, which is where a failure says why.
import { StringDecoder } from 'node:string_decoder';
import { redactErrorText } from '../../../base/index.js';

/** The most of the output's end kept for the record, in characters. */
export const TAIL_CHARS = 16 * 1024;
/** A line longer than this (a progress bar without line breaks) is passed on in pieces. */
export const LINE_CHARS = 8 * 1024;

export type Stream = 'stdout' | 'stderr';

export class OutputLines {
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly partial = { stdout: '', stderr: '' };
  private readonly kept: string[] = [];
  private keptChars = 0;
  private dropped = false;

  constructor(private readonly onLine: (stream: Stream, line: string) => void) {}

  write(stream: Stream, chunk: Buffer): void {
    const text = this.partial[stream] + this.decoders[stream].write(chunk);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.line(stream, text.slice(from, nl).replace(/\r$/, ''));
      from = nl + 1;
    }
    for (; text.length - from > LINE_CHARS; from += LINE_CHARS)
      this.line(stream, text.slice(from, from + LINE_CHARS));
    this.partial[stream] = text.slice(from);
  }

  /** Passes on what is left of each stream's last line. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.partial[stream] + this.decoders[stream].end();
      this.partial[stream] = '';
      if (rest) this.line(stream, rest);
    }
  }

  /** The end of the output, at most TAIL_CHARS, with known and detected secrets replaced. */
  tail(): string {
    const text = this.kept.join('\n');
    return redactErrorText(this.dropped ? `[earlier output not kept]\n${text}` : text);
  }

  private line(stream: Stream, line: string): void {
    this.onLine(stream, line);
    this.kept.push(line);
    this.keptChars += line.length + 1;
    while (this.keptChars > TAIL_CHARS && this.kept.length > 1) {
      this.keptChars -= this.kept.shift()!.length + 1;
      this.dropped = true;
    }
  }
}

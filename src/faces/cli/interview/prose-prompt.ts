import { styleText } from 'node:util';
import { MultiLinePrompt, wrapTextWithPrefix } from '@clack/core';
import { S_BAR, S_BAR_END, symbol } from '@clack/prompts';

/** Asks the terminal to mark pastes (`ESC[200~` … `ESC[201~`), and to stop asking. */
const PASTE_ON = '\u001b[?2004h';
const PASTE_OFF = '\u001b[?2004l';
/** Control characters other than tab and line feed: never part of an answer. */
const CONTROL = /^[\u0000-\u0008\u000b-\u001f\u007f]$/;

export interface ProseQuestion {
  message: string;
  initial?: string;
  placeholder?: string;
  validate: (raw: string | undefined) => string | undefined;
  /** The terminal; tests pass streams of their own. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/**
 * A free-text answer that may span lines. Typing works like a one-line prompt (Enter answers), but
 * a paste keeps every line: with bracketed paste on, Node's keypress reader reports the paste's
 * start and end, and a line break inside it is text, not Enter. Ctrl-J (a bare line feed) adds a
 * line by hand.
 */
class ProsePrompt extends MultiLinePrompt {
  private pasting = false;
  /** A CR LF pair inside a paste is one line break, not two. */
  private afterCr = false;

  constructor(q: ProseQuestion) {
    super({
      ...(q.initial ? { initialValue: q.initial } : {}),
      ...(q.input ? { input: q.input as never } : {}),
      ...(q.output ? { output: q.output as never } : {}),
      validate: q.validate,
      render() {
        return render(this as ProsePrompt, q);
      },
    });
    this.on('key', (char, key) => {
      const name = key?.name;
      if (name === 'paste-start') this.pasting = true;
      else if (name === 'paste-end') this.pasting = false;
      // The base prompt already inserted the line feed of a CR LF; drop it.
      else if (name === 'enter' && this.pasting && this.afterCr) this.removeBeforeCursor();
      else if (char && CONTROL.test(char) && this.userInput[this.cursor - 1] === char) {
        // The base prompt inserts any character it does not know, Ctrl-U included: take it out
        // again, and do what a shell's line editor does with it.
        this.removeBeforeCursor();
        if (key?.ctrl && name) this.edit(name);
      } else if (!char && (name === 'home' || name === 'end')) this.edit(name === 'home' ? 'a' : 'e');
      this.afterCr = this.pasting && name === 'return';
    });
  }

  /** Ctrl-A/E: start/end of the line; Ctrl-U/K: delete to its start/end; Ctrl-W: the word before. */
  private edit(key: string): void {
    const text = this.userInput;
    const at = this.cursor;
    const start = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
    const endAt = text.indexOf('\n', at);
    const end = endAt < 0 ? text.length : endAt;
    const cut = (from: number, to: number, cursor: number) => {
      this._setUserInput(text.slice(0, from) + text.slice(to));
      this._cursor = cursor;
    };
    if (key === 'a') this._cursor = start;
    else if (key === 'e') this._cursor = end;
    else if (key === 'u') cut(start, at, start);
    else if (key === 'k') cut(at, end, at);
    else if (key === 'w') {
      const from = text.slice(start, at).replace(/\S+\s*$|\s+$/, '').length + start;
      cut(from, at, from);
    }
  }

  protected override _shouldSubmit(): boolean {
    if (!this.pasting) return true;
    this.insertAtCursor('\n');
    return false;
  }

  private insertAtCursor(text: string): void {
    const at = this.cursor;
    this._setUserInput(this.userInput.slice(0, at) + text + this.userInput.slice(at));
    this._cursor = at + text.length;
  }

  private removeBeforeCursor(): void {
    const at = this.cursor;
    this._setUserInput(this.userInput.slice(0, at - 1) + this.userInput.slice(at));
    this._cursor = at - 1;
  }
}

function render(p: ProsePrompt, q: ProseQuestion): string {
  const title = `${styleText('gray', S_BAR)}\n${symbol(p.state)}  ${q.message}\n`;
  const value = p.value ?? '';
  const typed = p.userInput
    ? p.userInputWithCursor
    : q.placeholder
      ? styleText('inverse', q.placeholder[0]!) + styleText('dim', q.placeholder.slice(1))
      : styleText(['inverse', 'hidden'], '_');
  const lines = (text: string, bar: string, format?: (l: string) => string) =>
    wrapTextWithPrefix(undefined, text, `${bar}  `, undefined, undefined, format);
  switch (p.state) {
    case 'submit':
      return `${title}${lines(value, styleText('gray', S_BAR), (l) => styleText('dim', l))}`;
    case 'cancel':
      return `${title}${lines(value, styleText('gray', S_BAR), (l) => styleText(['strikethrough', 'dim'], l))}`;
    case 'error':
      return `${title}${lines(typed, styleText('yellow', S_BAR))}\n${styleText('yellow', S_BAR_END)}  ${styleText('yellow', p.error)}\n`;
    default:
      return `${title}${lines(typed, styleText('cyan', S_BAR))}\n${styleText('cyan', S_BAR_END)}  ${styleText('dim', 'Enter answers; a pasted text keeps its lines; Ctrl-J adds a line')}\n`;
  }
}

/** The answer, or clack's cancel symbol; bracketed paste is on only while the question is open. */
export async function askProse(q: ProseQuestion): Promise<string | symbol> {
  const out = q.output ?? process.stdout;
  out.write(PASTE_ON);
  try {
    return (await new ProsePrompt(q).prompt()) ?? '';
  } finally {
    out.write(PASTE_OFF);
  }
}

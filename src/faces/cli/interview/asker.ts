import { EXIT, type ExitCode, PtError } from '../../../base/errors.js';
import * as lazy from '../lazy.js';

export interface TextQuestion {
  message: string;
  initial?: string;
  placeholder?: string;
  /** Empty answers allowed (used to end lists). */
  optional?: boolean;
  /** Free text that may span lines: a pasted text keeps every line (see prose-prompt.ts). */
  prose?: boolean;
  validate?: (value: string) => string | undefined;
}

export interface SelectQuestion<T extends string> {
  message: string;
  options: { value: T; label: string; hint?: string }[];
  initial?: T;
}

/** What an interview needs from a terminal; the clack one talks to a person, tests script one. */
export interface Asker {
  text(q: TextQuestion): Promise<string>;
  confirm(q: { message: string; initial?: boolean }): Promise<boolean>;
  select<T extends string>(q: SelectQuestion<T>): Promise<T>;
  /** Any number of the options; `initial` are ticked to start with. */
  multiselect<T extends string>(q: {
    message: string;
    options: SelectQuestion<T>['options'];
    initial?: T[];
  }): Promise<T[]>;
  note(body: string, title?: string): void;
  info(message: string): void;
  intro(title: string): void;
  outro(message: string): void;
}

/** Stops an interview: a "stop" answer is bad input (2); Ctrl-C passes EXIT.interrupted (130). */
export function cancelled(exit: ExitCode = EXIT.usage): never {
  throw new PtError('input/cancelled', 'Cancelled; nothing was written', {
    hint: 'Run the command again, or give the input with flags or --from FILE.',
    exit,
  });
}

export async function clackAsker(): Promise<Asker> {
  const c = await lazy.clack();
  const check = <T>(v: T | symbol): T => {
    // Ctrl-C (or Escape) at a question: clack reads it as a key, so no SIGINT reaches the process.
    // Said once, by the error report; the status is a Ctrl-C's anywhere, 130.
    if (c.isCancel(v)) cancelled(EXIT.interrupted);
    return v as T;
  };
  return {
    async text(q) {
      const validate = (raw: string | undefined) => {
        const s = tidy(raw ?? '');
        if (!s && !q.optional) return 'Please answer (Ctrl-C cancels).';
        return s ? q.validate?.(s) : undefined;
      };
      const ask = q.prose
        ? (await lazy.prosePrompt()).askProse({ ...q, validate })
        : c.text({
            message: q.message,
            ...(q.placeholder ? { placeholder: q.placeholder } : {}),
            ...(q.initial ? { initialValue: q.initial } : {}),
            validate,
          });
      return tidy(String(check(await ask) ?? ''));
    },
    async confirm(q) {
      return check(await c.confirm({ message: q.message, initialValue: q.initial ?? true })) as boolean;
    },
    async select(q) {
      return check(
        await c.select({
          message: q.message,
          options: clackOptions(q.options),
          ...(q.initial ? { initialValue: q.initial } : {}),
        }),
      ) as never;
    },
    async multiselect(q) {
      return check(
        await c.multiselect({
          message: q.message,
          options: clackOptions(q.options),
          initialValues: (q.initial ?? []) as never,
          required: false,
        }),
      ) as never;
    },
    note: (body, title) => c.note(body, title),
    info: (m) => c.log.info(m),
    intro: (t) => c.intro(t),
    outro: (m) => c.outro(m),
  };
}

/** A scripted asker for tests: answers are consumed in order; a missing answer is a test failure. */
export function scriptedAsker(answers: (string | boolean)[], transcript: string[] = []): Asker {
  const next = (q: string): string | boolean => {
    transcript.push(q);
    if (!answers.length) throw new Error(`No scripted answer left for: ${q}`);
    return answers.shift()!;
  };
  return {
    async text(q) {
      const v = String(next(q.message));
      const s = v.trim() || (q.initial ?? '');
      const bad = s ? q.validate?.(s) : q.optional ? undefined : 'empty';
      if (bad) throw new Error(`Scripted answer "${s}" rejected for "${q.message}": ${bad}`);
      return s;
    },
    async confirm(q) {
      return Boolean(next(q.message));
    },
    async select(q) {
      const v = String(next(q.message));
      if (!q.options.some((o) => o.value === v)) throw new Error(`"${v}" is not an option of "${q.message}"`);
      return v as never;
    },
    async multiselect(q) {
      // A scripted answer lists the chosen values, comma-separated ("" for none).
      const v = String(next(q.message));
      const picked = v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      for (const p of picked)
        if (!q.options.some((o) => o.value === p))
          throw new Error(`"${p}" is not an option of "${q.message}"`);
      return picked as never;
    },
    note: (body, title) => transcript.push(`[note ${title ?? ''}]\n${body}`),
    info: (m) => transcript.push(`[info] ${m}`),
    intro: (t) => transcript.push(`[intro] ${t}`),
    outro: (m) => transcript.push(`[outro] ${m}`),
  };
}

/** An answer without surrounding blank space; lines of a multi-line answer lose trailing spaces. */
const tidy = (s: string): string =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim();

/** Choices as clack takes them: an absent hint is left out, not passed as undefined. */
function clackOptions(options: { value: string; label: string; hint?: string }[]): never {
  return options.map((o) => ({
    value: o.value,
    label: o.label,
    ...(o.hint ? { hint: o.hint } : {}),
  })) as never;
}

// What the verbs' modules share: how a verb is registered, the workspace, a number
// argument, and the three ways into a create verb.
import type { Command } from 'commander';
import type { GenericSchema } from 'valibot';
import type { App } from '../../../app/kernel/index.js';
import type { Written } from '../../../app/kernel/write/index.js';
import { PtError } from '../../../base/index.js';
import type { Asker } from '../interview/asker.js';
import { canInterview, print, printJson } from '../io.js';
import * as lazy from '../lazy.js';

/** What a verb's module gets to register its command: the program, and how its action ends. */
export interface Cli {
  program: Command;
  /** The command line as typed (for the verbs that read grouped flags, like --option … --pro). */
  argv: string[];
  /** Records the verb's exit code once its action is done. */
  run(action: Promise<number>): Promise<void>;
}

export interface CommonOpts {
  json?: boolean;
  dryRun?: boolean;
  from?: string;
  yes?: boolean;
  interactive?: boolean;
}

/** The app in the current directory, its notes said on stderr. */
export async function openApp(): Promise<App> {
  const [{ openApp }, { printNote }] = await Promise.all([lazy.context(), lazy.notes()]);
  return openApp(process.cwd(), process.env, { onNote: printNote });
}

/**
 * Runs a verb whose app function opens and closes the forge, with the app in the current directory.
 * The forge is closed before the verb prints, so what closing it says (GitHub's ETags not kept) is
 * held and said after the output, or before the error, where it always came; a wait is said as it
 * happens, for someone watching it.
 */
export async function withNotesAfterOutput(verb: (app: App) => Promise<number>): Promise<number> {
  const [{ openApp }, { holdNotes }] = await Promise.all([lazy.context(), lazy.notes()]);
  const notes = holdNotes();
  try {
    return await verb(openApp(process.cwd(), process.env, { onNote: notes.onNote }));
  } finally {
    notes.release();
  }
}

/** An issue or pull request number as typed (`2` or `#2`); anything else is a usage error. */
/** The store keeps issue numbers, counts and the like as 32-bit integers: a larger one is refused here. */
const LARGEST = 2 ** 31 - 1;

export function numberArg(arg: string, what: string): number {
  const n = Number(arg.replace(/^#/, ''));
  if (!Number.isInteger(n) || n < 1)
    throw new PtError('usage/bad-number', `"${arg}" is not ${what} number`, {
      hint: 'Give the number without #, like 2.',
      exit: 2,
    });
  if (n > LARGEST)
    throw new PtError('usage/bad-number', `"${arg}" is past the largest number Papertrail keeps`, {
      hint: `Give ${what} number up to ${LARGEST}.`,
      exit: 2,
    });
  return n;
}

export interface CreateFlow<R> {
  what: string;
  schema: GenericSchema<unknown, R>;
  draft: Partial<R>;
  /** Whether the flags alone make a complete request (then no interview is needed). */
  complete: boolean;
  interview?: (a: Asker) => Promise<R>;
  summary?: (req: R, planned: Written) => string;
  execute: (req: R, dryRun: boolean) => Written;
  next?: (w: Written) => string;
}

/** The three ways in: --from FILE, flags, or an interview on a terminal that ends with a summary and a yes. */
export async function runCreate<R>(opts: CommonOpts, flow: CreateFlow<R>): Promise<number> {
  const { parseInput, readInputFile } = await lazy.inputFile();
  let req: R;
  let asker: Asker | null = null;
  if (opts.from) {
    req = readInputFile(opts.from, flow.schema, `${flow.what} request`);
  } else if (!flow.complete && flow.interview && canInterview(opts)) {
    const { clackAsker } = await lazy.asker();
    asker = await clackAsker();
    req = await flow.interview(asker);
  } else {
    try {
      req = parseInput(flow.draft, flow.schema, `${flow.what} flags`);
    } catch (e) {
      if (e instanceof PtError && !flow.complete) {
        throw new PtError(
          e.code === 'input/unknown-field' ? e.code : 'usage/missing-input',
          `${e.message.replace(/flags: /, 'flags: ')}`,
          {
            hint: `Give the ${flow.what} with flags (see --help), with --from FILE (YAML/JSON), or run on a terminal to be interviewed.`,
            exit: 2,
          },
        );
      }
      throw e;
    }
  }
  if (asker) {
    const planned = flow.execute(req, true);
    if (flow.summary)
      asker.note(flow.summary(req, planned), `${flow.what[0]!.toUpperCase()}${flow.what.slice(1)} summary`);
    if (
      !opts.dryRun &&
      !opts.yes &&
      !(await asker.confirm({ message: `Ready to create ${planned.file}?`, initial: true }))
    ) {
      asker.outro('Nothing was written.');
      return 0;
    }
  }
  const w = flow.execute(req, !!opts.dryRun);
  if (opts.json) {
    printJson({
      ok: true,
      id: w.id,
      file: w.file,
      dryRun: w.dryRun,
      ...(opts.dryRun ? { content: w.content } : {}),
    });
  } else if (asker) {
    asker.outro(
      `${w.dryRun ? 'Would create' : 'Created'} ${w.file}${flow.next ? `\n   ${flow.next(w)}` : ''}`,
    );
  } else {
    print(
      `${w.dryRun ? 'Would create' : 'Created'} ${w.file} (${w.id})${flow.next ? `\n${flow.next(w)}` : ''}`,
    );
    if (opts.dryRun) print(w.content);
  }
  return 0;
}

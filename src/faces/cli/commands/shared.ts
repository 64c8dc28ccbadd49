import type { GenericSchema } from 'valibot';
import type { App } from '../../../app/workflow/context.js';
import type { Written } from '../../../app/workflow/write-doc.js';
import { PtError } from '../../../base/errors.js';
import type { Asker } from '../interview/asker.js';
import { canInterview, print, printJson } from '../io.js';

export interface CommonOpts {
  json?: boolean;
  dryRun?: boolean;
  from?: string;
  yes?: boolean;
  interactive?: boolean;
}

export async function openApp(): Promise<App> {
  const { openApp } = await import('../../../app/workflow/context.js');
  return openApp(process.cwd());
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
  const { parseInput, readInputFile } = await import('../../../app/workflow/input-file.js');
  let req: R;
  let asker: Asker | null = null;
  if (opts.from) {
    req = readInputFile(opts.from, flow.schema, `${flow.what} request`);
  } else if (!flow.complete && flow.interview && canInterview(opts)) {
    const { clackAsker } = await import('../interview/asker.js');
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

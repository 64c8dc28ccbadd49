import { resolve } from 'node:path';
import type { GenericSchema, InferOutput } from 'valibot';
import type { App } from '../../app/kernel/index.js';
import { insideApp } from '../../app/kernel/index.js';
import { EXIT, PtError } from '../../base/index.js';

// How a verb step's `with:` values (text, after interpolation) become a verb's arguments: a request
// file or fields, as the command line's --from or flags give them.

type Args = Readonly<Record<string, string>>;

/** A step's `with:` that the verb cannot take: the step's error, exit 3. */
export function badArg(message: string, hint: string): PtError {
  return new PtError('ops/bad-verb-arg', message, {
    hint,
    location: { file: '<request>' },
    exit: EXIT.conflict,
  });
}

/** The values a verb cannot do without. */
export function required(args: Args, verb: string, keys: readonly string[]): void {
  const missing = keys.filter((k) => !args[k]);
  if (missing.length)
    throw badArg(
      `papertrail ${verb} needs ${missing.join(' and ')}`,
      `Give them in with: ${missing.map((k) => `${k}: …`).join(', ')}.`,
    );
}

/** A yes/no value: true only when written true. */
export function flag(args: Args, key: string): boolean {
  return args[key] === 'true';
}

/** A whole number of at least 1, when given; anything else is refused. */
export function count(args: Args, key: string): number | undefined {
  const raw = args[key];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw.replace(/^#/, ''));
  if (!Number.isInteger(n) || n < 1)
    throw badArg(`${key}: "${raw}" is not a number`, `Give ${key} as a whole number, like 2.`);
  return n;
}

/**
 * A create verb's request: the YAML or JSON file `from` names (inside the workspace, relative to its
 * root), or the fields given beside it, each list field one item a line. Not both: a file is the whole
 * request, as `--from` is.
 */
export async function requestOf<S extends GenericSchema>(
  app: App,
  args: Args,
  fields: { text: readonly string[]; lists: readonly string[] },
  schema: S,
  what: string,
): Promise<InferOutput<S>> {
  const { parseInput, readInputFile } = await import('../../app/workflow/index.js');
  const given = [...fields.text, ...fields.lists].filter((k) => args[k] !== undefined);
  if (args.from !== undefined) {
    if (given.length)
      throw badArg(
        `from and ${given.join(', ')} both give the ${what}`,
        'A request file is the whole request: put the fields in it, or leave from out.',
      );
    return readInputFile(insideApp(app, resolve(app.ws.root, args.from), args.from), schema, what);
  }
  const raw: Record<string, unknown> = {};
  for (const k of fields.text) if (args[k] !== undefined) raw[k] = args[k];
  for (const k of fields.lists)
    if (args[k] !== undefined)
      raw[k] = args[k]
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
  return parseInput(raw, schema, what, { file: '<request>' });
}

import { slugify } from '../../base/index.js';

// `${{ inputs.topic }}` in a template's texts (a pull request's title, body, branch and files, a
// verb's arguments) is replaced by the run's value. Commands are not interpolated: a value spliced
// into a shell line could run as code, so a command reads its inputs from the environment instead
// (PT_INPUT_TOPIC), where the shell never parses them. An ask step's answer is a value like the others
// once the step has run: `${{ steps.draft.answer }}`, and PT_STEP_DRAFT_ANSWER for a command.

const REF = /\$\{\{\s*([a-z][a-z0-9_.-]*)\s*(?:\|\s*(slug)\s*)?\}\}/g;

/** The names a run provides besides its inputs. */
export const RUN_VARIABLES = ['run.id', 'run.short', 'env', 'date'] as const;

/** The name an ask step's answer is referenced by: `steps.draft.answer`. */
export const answerRef = (stepId: string): string => `steps.${stepId}.answer`;

/** The step a `steps.ID.answer` reference names, or null for any other reference. */
export function answerStepOf(ref: string): string | null {
  return /^steps\.([a-z0-9][a-z0-9_-]*)\.answer$/.exec(ref)?.[1] ?? null;
}

/** The references of a text, in order: `inputs.topic`, `run.short`… */
export function referencesIn(text: string): string[] {
  return [...text.matchAll(REF)].map((m) => m[1]!);
}

export type Variables = Record<string, string>;

/** The text with every reference replaced; `| slug` makes a value fit a branch or file name. */
export function interpolate(text: string, vars: Variables): string {
  return text.replace(REF, (whole, name: string, filter?: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return filter === 'slug' ? slugify(value) || 'untitled' : value;
  });
}

/** The environment variable a command reads an input from: PT_INPUT_ and its name in capitals. */
export const inputEnvName = (name: string): string =>
  `PT_INPUT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** The environment variable a command reads an ask step's answer from: PT_STEP_<ID>_ANSWER. */
export const answerEnvName = (stepId: string): string =>
  `PT_STEP_${stepId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_ANSWER`;

// A step command's output goes into the handoff artifact's outcome: the schema has no other field
// for it, and the outcome is what the next executor and the reviewers read. Any caller may pass
// output, not only the runner, so the engine bounds and redacts it itself.
import { redactErrorText } from '../../base/index.js';

/** The most of an output's end kept in an artifact, in characters. */
export const OUTPUT_CHARS = 16 * 1024;

/** The outcome line, followed by the end of the output when there is any. */
export function withOutput(outcome: string, output: string | undefined): string {
  const text = output?.replace(/\s+$/, '') ?? '';
  if (!text) return outcome;
  const tail = text.length > OUTPUT_CHARS ? `[earlier output not kept]\n${text.slice(-OUTPUT_CHARS)}` : text;
  return `${outcome}\n\noutput (end):\n${redactErrorText(tail)}`;
}

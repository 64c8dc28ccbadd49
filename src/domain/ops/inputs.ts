import { EXIT, PtError } from '../../base/index.js';
import type { RunTemplate, TemplateInput } from './model.js';

export type InputValue = string | number | boolean;

/** The most a run's value may be: inputs are words and paths, not files. */
const MAX_VALUE = 10_000;

/**
 * A run's inputs, typed, from what was given as text (`--input k=v`, a form field): every required
 * one present, every default filled in, no unknown name. A lone value without a name goes to the
 * template's first input (`ops start spec --input "payment processing"`).
 */
export function resolveInputs(
  t: RunTemplate,
  given: Readonly<Record<string, string>>,
): Record<string, InputValue> {
  const out: Record<string, InputValue> = {};
  for (const name of Object.keys(given))
    if (!t.inputs.some((i) => i.name === name))
      throw new PtError('ops/unknown-input', `Template ${t.slug} has no input "${name}"`, {
        hint: t.inputs.length
          ? `Its inputs: ${t.inputs.map((i) => i.name).join(', ')}.`
          : 'It takes no inputs.',
        exit: EXIT.conflict,
      });
  for (const inp of t.inputs) {
    const raw = given[inp.name];
    if (raw === undefined || raw === '') {
      if (inp.default !== undefined) out[inp.name] = inp.default;
      else if (inp.required)
        throw new PtError('ops/missing-input', `Template ${t.slug} needs input "${inp.name}"`, {
          hint: `Give it: --input ${inp.name}=VALUE${inp.description ? ` (${inp.description})` : ''}.`,
          exit: EXIT.conflict,
        });
      continue;
    }
    out[inp.name] = typed(t, inp, raw);
  }
  return out;
}

function typed(t: RunTemplate, inp: TemplateInput, raw: string): InputValue {
  const bad = (why: string, hint: string) =>
    new PtError('ops/bad-input', `Input "${inp.name}" of ${t.slug} ${why}`, { hint, exit: EXIT.conflict });
  if (raw.length > MAX_VALUE || raw.includes('\0'))
    throw bad(`is too long or not text`, `Keep it under ${MAX_VALUE} characters.`);
  switch (inp.type) {
    case 'number': {
      const n = Number(raw);
      if (!raw.trim() || !Number.isFinite(n))
        throw bad(`must be a number, not "${raw}"`, 'For example 3 or 2.5.');
      return n;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw bad(`must be true or false, not "${raw}"`, 'Write true or false.');
    case 'choice':
      if (!inp.choices?.includes(raw))
        throw bad(`must be one of ${inp.choices?.join(', ')}`, `Not "${raw}".`);
      return raw;
    default:
      return raw;
  }
}

/** `k=v` pairs as given on a command line; a pair without `=` is the first input's value. */
export function parseInputPairs(t: RunTemplate, pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    const named = eq > 0 && /^[a-z0-9][a-z0-9_-]*$/.test(p.slice(0, eq));
    const name = named ? p.slice(0, eq) : t.inputs[0]?.name;
    if (!name)
      throw new PtError('ops/unknown-input', `Template ${t.slug} takes no inputs, but "${p}" was given`, {
        hint: 'Leave out --input.',
        exit: EXIT.conflict,
      });
    if (name in out)
      throw new PtError('ops/bad-input', `Input "${name}" is given twice`, {
        hint: 'Give each input once.',
        exit: EXIT.conflict,
      });
    out[name] = named ? p.slice(eq + 1) : p;
  }
  return out;
}

import { formatLocation, toPtError } from '../../base/index.js';
import { interpolate, type Step } from '../../domain/ops/index.js';
import { lendStore } from '../kernel/index.js';
import type { StepContext, StepEnd } from './step-context.js';

type VerbStep = Extract<Step, { kind: 'verb' }>;

/**
 * Calls a Papertrail verb with the step's `with:` values, its result one line of the log. The verb
 * works through the run's open store and forge (lent to it): opening its own would wait on the run.
 * A refusal is the step's error, its code first, in the log line and the run's error alike.
 */
export async function verbStep(c: StepContext, step: VerbStep): Promise<StepEnd> {
  const verb = c.deps.verbs[step.verb];
  if (!verb) return { ok: false, error: `papertrail ${step.verb} cannot be called from a run here` };
  const args = Object.fromEntries(Object.entries(step.with).map(([k, v]) => [k, interpolate(v, c.vars)]));
  try {
    const r = await lendStore({ root: c.app.ws.root, x: c.x, forge: c.forge }, () => verb.call(c.app, args));
    c.log.add({
      level: r.ok ? 'info' : 'error',
      source: step.verb,
      message: r.summary,
      ...(r.data === undefined ? {} : { data: r.data }),
    });
    return r.ok ? { ok: true } : { ok: false, error: r.summary };
  } catch (e) {
    const err = toPtError(e);
    const at = formatLocation(err.location);
    const message = `${err.code}: ${err.message}${at ? ` (${at})` : ''}`;
    c.log.add({ level: 'error', source: step.verb, message, data: err.toJSON() });
    return { ok: false, error: message };
  }
}

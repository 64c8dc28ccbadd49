import { isPtError } from '../../base/index.js';
import type { RunTemplate } from '../../domain/ops/index.js';
import { type RunModel, withoutSecrets } from './ask-step.js';

/** What the model chose for an intent: a template's slug, or why there is none to use. */
export type ModelPick = { slug: string; model: string } | { slug: null; model: string; why: string };

const SYSTEM = [
  'You choose the run template that fits what an operator asks for.',
  'Answer with a JSON object {"slug": "<one of the slugs listed>"},',
  'or {"slug": null} when none of them fits.',
].join(' ');

function prompt(intent: string, templates: readonly RunTemplate[]): string {
  const list = templates.map((t) => `- ${t.slug}: ${t.title}${t.description ? `. ${t.description}` : ''}`);
  return `The operator asks: ${withoutSecrets(intent)}\n\nTemplates:\n${list.join('\n')}`;
}

/**
 * Asks the model which template an intent that no keyword matched is for. It only chooses among the
 * templates' slugs; an answer naming none of them, or a model that fails, leaves the keyword default.
 */
export async function pickWithModel(
  intent: string,
  templates: readonly RunTemplate[],
  model: RunModel,
): Promise<ModelPick> {
  const name = model.client.model;
  let answer: string;
  try {
    answer = await model.client.complete([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: prompt(intent, templates) },
    ]);
  } catch (e) {
    if (!isPtError(e)) throw e;
    return { slug: null, model: name, why: `${e.code}: ${e.message}` };
  }
  let slug: unknown;
  try {
    slug = (JSON.parse(answer) as { slug?: unknown }).slug;
  } catch {
    return { slug: null, model: name, why: 'its answer is not JSON' };
  }
  if (slug === null || slug === undefined) return { slug: null, model: name, why: 'no template fits' };
  if (typeof slug !== 'string' || !templates.some((t) => t.slug === slug))
    return {
      slug: null,
      model: name,
      why: `it named "${withoutSecrets(String(slug).slice(0, 60))}", not a template`,
    };
  return { slug, model: name };
}

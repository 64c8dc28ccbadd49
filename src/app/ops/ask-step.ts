import { EXIT, isPtError, PtError, redactSecrets, redactText } from '../../base/index.js';
import { type AskSpec, answerEnvName, answerRef, interpolate } from '../../domain/ops/index.js';
import { LLM_ENV, type LlmClient, llmConfigFromEnv, openAiClient } from '../../ports/llm/index.js';
import { addArtifacts } from '../../ports/store/index.js';
import { notifyRunChange } from './notify.js';
import type { StepContext, StepEnd } from './step-context.js';

/** How much of an answer the log line shows; the whole answer is the step's artifact. */
const LOG_CHARS = 200;

export interface RunModel {
  client: LlmClient;
  url: string;
}

/** The language model runs may use (PAPERTRAIL_LLM_URL…), or null when none is configured. */
export function runModel(env: NodeJS.ProcessEnv = process.env, fetchImpl?: typeof fetch): RunModel | null {
  const cfg = llmConfigFromEnv(env);
  return cfg ? { client: openAiClient(cfg, fetchImpl), url: cfg.url } : null;
}

/** The refusal of an ask step without a fallback when no model is configured. */
export function notConfigured(stepId: string, file?: string): PtError {
  return new PtError(
    'llm/not-configured',
    `Step ${stepId} asks a language model and none is configured: ${LLM_ENV.url} is not set`,
    {
      hint: `Set ${LLM_ENV.url} (an OpenAI-compatible base URL), ${LLM_ENV.model} and, if needed, ${LLM_ENV.key}; or give the step a fallback: text to use without a model.`,
      exit: EXIT.conflict,
      ...(file ? { location: { file } } : {}),
    },
  );
}

/** Known secret values and anything the detector takes for one, replaced by [REDACTED]. */
export const withoutSecrets = (text: string): string => redactSecrets(redactText(text));

const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > LOG_CHARS ? `${flat.slice(0, LOG_CHARS)}…` : flat;
};

async function answerOf(
  c: StepContext,
  stepId: string,
  ask: AskSpec,
): Promise<{ answer: string; by: string } | { error: string }> {
  const model = runModel();
  if (!model) {
    if (ask.fallback === undefined) {
      const e = notConfigured(stepId);
      return { error: `${e.code}: ${e.message}` };
    }
    c.log.add({
      level: 'warn',
      source: 'llm',
      message: `No language model configured (${LLM_ENV.url}): step ${stepId} uses its fallback text`,
    });
    return { answer: interpolate(ask.fallback, c.vars), by: 'fallback' };
  }
  // What the run knows (inputs, earlier answers) may hold a secret: it never leaves for the model.
  const prompt = withoutSecrets(interpolate(ask.prompt, c.vars));
  const system = ask.system === undefined ? '' : withoutSecrets(interpolate(ask.system, c.vars));
  c.log.info('llm', `Asking ${model.client.model} at ${model.url} (${prompt.length} characters)`, {
    step: stepId,
  });
  try {
    const answer = await model.client.complete(
      [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }],
      { json: false, signal: c.signal, ...(ask.maxTokens === undefined ? {} : { maxTokens: ask.maxTokens }) },
    );
    if (!answer.trim()) return { error: `llm/empty-answer: ${model.client.model} answered nothing` };
    return { answer, by: model.client.model };
  } catch (e) {
    if (!isPtError(e)) throw e;
    return { error: `${e.code}: ${e.message}` };
  }
}

/**
 * Asks the configured model (or takes the fallback text) and makes the answer, secrets redacted, the
 * value `steps.ID.answer` of the steps after it and PT_STEP_ID_ANSWER of their commands. The answer is
 * logged cut short and kept whole as the run's artifact "Answer: ID".
 */
export async function askStep(c: StepContext, stepId: string, ask: AskSpec): Promise<StepEnd> {
  const got = await answerOf(c, stepId, ask);
  if ('error' in got) return { ok: false, error: got.error };
  const answer = withoutSecrets(got.answer);
  c.vars[answerRef(stepId)] = answer;
  c.env[answerEnvName(stepId)] = answer;
  c.log.add({
    level: 'info',
    source: 'llm',
    message: `Answer (${answer.length} characters, by ${got.by}): ${oneLine(answer)}`,
    data: { step: stepId, by: got.by, characters: answer.length },
  });
  const title = `Answer: ${stepId}`;
  await addArtifacts(c.x, c.run.id, [{ kind: 'file', title, value: answer }], c.actor);
  notifyRunChange({ type: 'artifact', run: c.run.id, title });
  return { ok: true };
}

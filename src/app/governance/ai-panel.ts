import { isPtError, PtError } from '../../base/index.js';
import {
  aiPrompt,
  type GovFinding,
  parseAiAnswer,
  ROLES,
  type Rule,
  type Runbook,
} from '../../domain/governance/index.js';
import { type LlmClient, llmConfigFromEnv, openAiClient } from '../../ports/llm/index.js';

export interface AiOutcome {
  findings: GovFinding[];
  warnings: string[];
  /** "model at URL" when the reviewer ran. */
  reviewer: string | null;
}

/** The client the --ai flag asks for; a usage error when no endpoint is configured. */
export function aiClient(
  env: NodeJS.ProcessEnv,
  fetchImpl?: typeof fetch,
): { client: LlmClient; url: string } {
  const cfg = llmConfigFromEnv(env);
  if (!cfg)
    throw new PtError('llm/not-configured', 'The AI reviewer is off: PAPERTRAIL_LLM_URL is not set', {
      hint: 'Set PAPERTRAIL_LLM_URL (an OpenAI-compatible base URL), PAPERTRAIL_LLM_MODEL and, if needed, PAPERTRAIL_LLM_API_KEY; or review without --ai.',
      exit: 2,
    });
  return { client: openAiClient(cfg, fetchImpl), url: cfg.url };
}

/**
 * Asks each role's AI reviewer in turn. Its findings are advisory only. A server that is down or
 * answers garbage becomes a warning; once the server is unreachable the remaining roles are skipped.
 */
export async function aiReview(
  rb: Runbook,
  rules: Rule[],
  client: LlmClient,
  url: string,
): Promise<AiOutcome> {
  const out: AiOutcome = { findings: [], warnings: [], reviewer: `${client.model} at ${url}` };
  for (const role of ROLES) {
    try {
      const answer = await client.complete(aiPrompt(role, rules, rb.target));
      out.findings.push(...parseAiAnswer(answer, role, rb.target));
    } catch (e) {
      if (!isPtError(e)) throw e;
      out.warnings.push(`AI reviewer (@${role}): ${e.code}: ${e.message}`);
      if (e.code === 'llm/unreachable' || e.code === 'llm/timeout') {
        const rest = ROLES.slice(ROLES.indexOf(role) + 1);
        if (rest.length) out.warnings.push(`AI reviewer skipped for ${rest.map((r) => `@${r}`).join(', ')}`);
        break;
      }
    }
  }
  return out;
}

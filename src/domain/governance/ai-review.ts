import * as v from 'valibot';
import { PtError, redactSecrets } from '../../base/index.js';
import { type GovFinding, ROLE_DUTY, type Role, type Rule, type Target } from './model.js';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

const MAX_FINDINGS = 10;
const MAX_CHARS = 60_000;

/**
 * What one panel role is asked: its duty, the team's rules for it, and the runbook (panel sections left
 * out). Secrets are redacted first: a token in the runbook is a finding, not something to send away.
 */
export function aiPrompt(role: Role, rules: Rule[], t: Target): ChatMessage[] {
  const text = redactSecrets(t.lines.join('\n'))
    .split('\n')
    .map((l, i) => (t.hidden.has(i) ? null : `${i + 1}: ${l}`))
    .filter((l): l is string => l !== null)
    .join('\n')
    .slice(0, MAX_CHARS);
  const mine = rules.filter((r) => r.role === role);
  return [
    {
      role: 'system',
      content: [
        `You are @${role} on a software governance panel. You ensure ${ROLE_DUTY[role]}.`,
        'Review the implementation runbook below. Report only concrete problems a reviewer in your role would raise.',
        'Answer with JSON only, exactly: {"findings":[{"line":<runbook line number or null>,"message":"<one sentence>"}]}.',
        `At most ${MAX_FINDINGS} findings; {"findings":[]} when you have none.`,
      ].join('\n'),
    },
    {
      role: 'user',
      content: [
        ...(mine.length
          ? [
              'The team rules for your role:',
              ...mine.map((r) => `- ${r.id}: ${r.title}\n${redactSecrets(r.prose)}`),
              '',
            ]
          : []),
        `Runbook ${t.file} (line numbers prefixed):`,
        text,
      ].join('\n'),
    },
  ];
}

const Answer = v.object({
  findings: v.array(
    v.object({
      line: v.optional(v.nullable(v.number())),
      message: v.pipe(v.string(), v.minLength(1)),
    }),
  ),
});

/** Reads the model's answer; anything but the asked-for JSON is an llm/bad-response error (never a crash). */
export function parseAiAnswer(content: string, role: Role, t: Target): GovFinding[] {
  const body = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new PtError(
      'llm/bad-response',
      `the AI reviewer (@${role}) did not answer JSON: "${content.slice(0, 80)}"`,
      {
        hint: 'Try a model that follows JSON instructions (PAPERTRAIL_LLM_MODEL), or review without --ai.',
        exit: 4,
      },
    );
  }
  const r = v.safeParse(Answer, raw);
  if (!r.success)
    throw new PtError('llm/bad-response', `the AI reviewer (@${role}) answered JSON of the wrong shape`, {
      hint: 'Expected {"findings":[{"line":N,"message":"..."}]}.',
      exit: 4,
    });
  return r.output.findings.slice(0, MAX_FINDINGS).map((f) => {
    const line = f.line && Number.isInteger(f.line) && f.line >= 1 && f.line <= t.lines.length ? f.line : 1;
    return {
      rule: `AI-${role.toUpperCase()}`,
      role,
      severity: 'advisory',
      source: 'ai',
      message: f.message.replace(/\s+/g, ' ').slice(0, 500),
      file: t.file,
      line,
      column: 1,
      hint: 'Suggested by the AI reviewer; advisory only.',
    } satisfies GovFinding;
  });
}

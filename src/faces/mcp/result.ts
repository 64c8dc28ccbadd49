import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { formatLocation, redactDeep, redactText, secretValues, toPtError } from '../../base/index.js';

/** The fields that hold a whole document (its Markdown): sent once, as a text block of their own. */
const BODIES = ['content', 'source'];

/**
 * A tool's result: structured, and the same JSON as text for clients that read only text. A document's
 * Markdown goes in neither: it follows as a second text block, so that a reply carries it once.
 */
export function success(value: Record<string, unknown>): CallToolResult {
  const secrets = secretValues();
  const structured: Record<string, unknown> = {};
  const bodies: string[] = [];
  // A document is the user's own text and only loses known values; everything else (a run's plan
  // and input, a server's answer) loses pattern-shaped secrets too, as an HTTP response does.
  for (const [k, v] of Object.entries({ ok: true, ...value })) {
    if (BODIES.includes(k) && typeof v === 'string') bodies.push(redactText(v, secrets));
    else structured[redactText(k, secrets)] = redactDeep(v, secrets, { patterns: true });
  }
  return {
    content: [
      { type: 'text', text: JSON.stringify(structured) },
      ...bodies.map((text) => ({ type: 'text' as const, text })),
    ],
    structuredContent: structured,
  };
}

/** A failure as an MCP tool error carrying the CLI's code, hint and location; nothing was written. */
export function failure(e: unknown): CallToolResult {
  const err = toPtError(e);
  // `<arguments>` (like the CLI's `<flags>`) names no file worth pointing at in the text.
  const loc = err.location?.file.startsWith('<') ? '' : formatLocation(err.location);
  const text = [`error ${err.code}: ${err.message}`, err.hint && `hint: ${err.hint}`, loc && `at: ${loc}`]
    .filter(Boolean)
    .join('\n');
  // Known secrets never reach the assistant, whichever field a server echoed them in.
  return redactDeep(
    {
      isError: true,
      content: [{ type: 'text', text }],
      structuredContent: { ok: false, error: err.toJSON() },
    },
    secretValues(),
    { patterns: true },
  );
}

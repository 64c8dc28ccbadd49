import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { formatLocation, toPtError } from '../../base/errors.js';
import { redactDeep, secretValues } from '../../base/redact.js';

/** A tool's result: structured, and the same JSON as text for clients that read only text. */
export function success(value: Record<string, unknown>): CallToolResult {
  const structured = redactDeep({ ok: true, ...value });
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
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

import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';
import { availableCommands } from '../../app/workflow/index.js';
import { PtError } from '../../base/index.js';

/** The slash commands as MCP prompts, for those whose tools the server has. */
export function listPrompts(tools: Iterable<string>): Prompt[] {
  return availableCommands(tools).map((c) => ({
    name: c.name,
    description: c.description,
    ...(c.argument
      ? { arguments: [{ name: c.argument.name, description: c.argument.hint, required: false }] }
      : {}),
  }));
}

export function getPrompt(
  tools: Iterable<string>,
  name: string,
  args: Record<string, string> | undefined,
): GetPromptResult {
  const c = availableCommands(tools).find((x) => x.name === name);
  if (!c) {
    throw new PtError('prompt/not-found', `No prompt "${name}"`, {
      hint: `Prompts: ${availableCommands(tools)
        .map((x) => x.name)
        .join(', ')}`,
      exit: 3,
    });
  }
  const arg = c.argument ? (args?.[c.argument.name] ?? '') : '';
  return {
    description: c.description,
    messages: [{ role: 'user', content: { type: 'text', text: c.body(arg) } }],
  };
}

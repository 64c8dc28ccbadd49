import { describe, expect, it } from 'vitest';
import { TOOL_NAMES } from '../../../src/app/workflow/assistant/index.js';
import { getPrompt, listPrompts } from '../../../src/faces/mcp/prompts.js';

const order = (text: string, ...parts: string[]) => parts.map((p) => text.indexOf(p));

// The slash commands as MCP prompts: seed 000's interview, then a dry run, the summary, and the
// confirmation question before the write.
describe('MCP prompts', () => {
  it('leads /propose through the seed interview, a dry run, the summary and "Ready to create"', () => {
    const text = (getPrompt(TOOL_NAMES, 'propose', {}).messages[0]!.content as { text: string }).text;
    const at = order(
      text,
      'What problem are you trying to solve?',
      'What title would you like for this proposal?',
      'What are the goals of this proposal?',
      'What are the non-goals?',
      'What options have you considered?',
      "What's your recommendation?",
      '`dry_run: true`',
      '## Proposal Summary',
      'Ready to create',
      '`dry_run: false`',
    );
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('puts the argument in and keeps the confirmation for every command', () => {
    const spec = (
      getPrompt(TOOL_NAMES, 'spec', { proposal: 'PROP-0001' }).messages[0]!.content as { text: string }
    ).text;
    expect(spec).toContain('Argument: PROP-0001 (the proposal ID');
    expect(spec).toContain('**Given what initial state?** **When what happens?**');
    for (const p of listPrompts(TOOL_NAMES)) {
      const t = (getPrompt(TOOL_NAMES, p.name, {}).messages[0]!.content as { text: string }).text;
      if (p.arguments) expect(t, p.name).toContain('Argument: (none)');
      else expect(t, p.name).not.toContain('Argument:');
      const dry = t.indexOf('`dry_run: true`');
      const write = t.indexOf('`dry_run: false`');
      expect(dry, p.name).toBeGreaterThan(-1);
      expect(write, p.name).toBeGreaterThan(dry);
      expect(t.slice(dry, write), p.name).toMatch(/\*\*[^*]+\?\*\*/);
    }
  });

  it('offers /runbook because the governance tools exist, and only with them', () => {
    expect(listPrompts(TOOL_NAMES).map((p) => p.name)).toEqual([
      'propose',
      'spec',
      'bootstrap',
      'plan',
      'implement',
      'runbook',
    ]);
    const without = TOOL_NAMES.filter((t) => !t.startsWith('runbook_'));
    expect(listPrompts(without).map((p) => p.name)).not.toContain('runbook');
    expect(() => getPrompt(without, 'runbook', {})).toThrow(/No prompt "runbook"/);
  });
});

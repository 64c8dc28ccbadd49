import { describe, expect, it } from 'vitest';
import { assistantFiles, COMMANDS, parseAssistants } from '../../../src/app/workflow/assistant/index.js';
import { frontmatter } from '../../helpers/frontmatter.js';

describe('assistant files', () => {
  it('a decisions workspace gets /propose, /spec, /bootstrap for both assistants, with their frontmatter', () => {
    const files = assistantFiles({ role: 'decisions', assistants: ['copilot', 'claude'], docs: 'decisions' });
    expect(files.map((f) => f.path)).toEqual([
      'AGENTS.md',
      '.vscode/mcp.json',
      '.github/prompts/propose.prompt.md',
      '.github/prompts/spec.prompt.md',
      '.github/prompts/bootstrap.prompt.md',
      '.mcp.json',
      'CLAUDE.md',
      '.claude/commands/propose.md',
      '.claude/commands/spec.md',
      '.claude/commands/bootstrap.md',
    ]);
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    expect(byPath.get('AGENTS.md')).toContain('`decisions/proposals`');

    const copilot = frontmatter(byPath.get('.github/prompts/spec.prompt.md')!);
    expect(copilot.data).toEqual({
      name: 'spec',
      description: COMMANDS.find((c) => c.name === 'spec')!.description,
      agent: 'agent',
      'argument-hint': 'Proposal ID, e.g. PROP-0001',
      tools: ['papertrail/*', 'read', 'search'],
    });
    expect(copilot.body).toContain("Argument: the text after `/spec` in the user's message");
    expect(copilot.body).not.toContain('$ARGUMENTS');

    const claude = frontmatter(byPath.get('.claude/commands/spec.md')!);
    expect(claude.data).toEqual({
      description: COMMANDS.find((c) => c.name === 'spec')!.description,
      'argument-hint': '[proposal]',
    });
    expect(claude.body).toContain('Argument: $ARGUMENTS');

    expect(JSON.parse(byPath.get('.vscode/mcp.json')!)).toEqual({
      servers: {
        papertrail: { type: 'stdio', command: 'npx', args: ['--no-install', 'papertrail-spec', 'mcp'] },
      },
    });
    expect(JSON.parse(byPath.get('.mcp.json')!)).toEqual({
      mcpServers: {
        papertrail: { type: 'stdio', command: 'npx', args: ['--no-install', 'papertrail-spec', 'mcp'] },
      },
    });
  });

  it('an implementing repository gets /plan, /implement and /runbook (only with its tools)', () => {
    const paths = (tools?: string[]) =>
      assistantFiles({
        role: 'implementing',
        assistants: ['copilot', 'claude'],
        ...(tools ? { tools } : {}),
      }).map((f) => f.path);
    expect(paths()).toEqual([
      '.vscode/mcp.json',
      '.github/prompts/plan.prompt.md',
      '.github/prompts/implement.prompt.md',
      '.github/prompts/runbook.prompt.md',
      '.mcp.json',
      '.claude/commands/plan.md',
      '.claude/commands/implement.md',
      '.claude/commands/runbook.md',
    ]);
    expect(paths(['plan', 'next', 'implement'])).not.toContain('.claude/commands/runbook.md');
    const implement = assistantFiles({ role: 'implementing', assistants: ['copilot'] }).find((f) =>
      f.path.endsWith('implement.prompt.md'),
    )!;
    expect(frontmatter(implement.content).data.tools).toEqual([
      'papertrail/*',
      'read',
      'search',
      'edit',
      'execute',
    ]);
    const plan = frontmatter(
      assistantFiles({ role: 'implementing', assistants: ['claude'] }).find((f) =>
        f.path.endsWith('plan.md'),
      )!.content,
    );
    expect(plan.data).not.toHaveProperty('argument-hint');
  });

  it('--tools chooses the assistants', () => {
    expect(parseAssistants(undefined)).toEqual(['copilot', 'claude']);
    expect(parseAssistants(['claude'])).toEqual(['claude']);
    expect(parseAssistants(['claude,copilot'])).toEqual(['copilot', 'claude']);
    expect(parseAssistants(['none'])).toEqual([]);
    expect(() => parseAssistants(['cursor'])).toThrow(/Unknown assistant "cursor"/);
    expect(assistantFiles({ role: 'decisions', assistants: [] })).toEqual([]);
  });
});

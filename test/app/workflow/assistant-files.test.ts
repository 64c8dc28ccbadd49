import { describe, expect, it } from 'vitest';
import { assistantFiles, COMMANDS, parseAssistants } from '../../../src/app/workflow/assistant/index.js';
import { frontmatter } from '../../helpers/frontmatter.js';

describe('assistant files', () => {
  it('a decisions workspace gets /pt-propose, /pt-spec, /pt-bootstrap as skills for both assistants', () => {
    const files = assistantFiles({ role: 'decisions', assistants: ['copilot', 'claude'], docs: 'decisions' });
    expect(files.map((f) => f.path)).toEqual([
      'AGENTS.md',
      '.vscode/mcp.json',
      '.mcp.json',
      'CLAUDE.md',
      '.github/skills/pt-propose/SKILL.md',
      '.github/skills/pt-spec/SKILL.md',
      '.github/skills/pt-bootstrap/SKILL.md',
      '.claude/skills/pt-propose/SKILL.md',
      '.claude/skills/pt-spec/SKILL.md',
      '.claude/skills/pt-bootstrap/SKILL.md',
    ]);
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    expect(byPath.get('AGENTS.md')).toContain('`decisions/proposals`');
    expect(byPath.get('AGENTS.md')).toContain('`/pt-spec PROP-NNNN`');

    const copilot = frontmatter(byPath.get('.github/skills/pt-spec/SKILL.md')!);
    expect(copilot.data).toEqual({
      name: 'pt-spec',
      description: COMMANDS.find((c) => c.name === 'spec')!.description,
      'argument-hint': 'Proposal ID, e.g. PROP-0001',
      'disable-model-invocation': true,
    });
    expect(copilot.body).toContain("Argument: the text after `/pt-spec` in the user's message");
    expect(copilot.body).toContain('Use `/pt-bootstrap <ID>` to create the implementing repository.');
    expect(copilot.body).not.toContain('$ARGUMENTS');

    const claude = frontmatter(byPath.get('.claude/skills/pt-spec/SKILL.md')!);
    expect(claude.data).toEqual({
      name: 'pt-spec',
      description: COMMANDS.find((c) => c.name === 'spec')!.description,
      'argument-hint': '[proposal]',
      'allowed-tools': 'mcp__papertrail__spec mcp__papertrail__show mcp__papertrail__list',
      'disable-model-invocation': true,
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

  it('an implementing repository gets /pt-plan, /pt-implement and /pt-runbook (only with its tools)', () => {
    const paths = (tools?: string[]) =>
      assistantFiles({
        role: 'implementing',
        assistants: ['copilot', 'claude'],
        ...(tools ? { tools } : {}),
      }).map((f) => f.path);
    expect(paths()).toEqual([
      '.vscode/mcp.json',
      '.mcp.json',
      '.github/skills/pt-plan/SKILL.md',
      '.github/skills/pt-implement/SKILL.md',
      '.github/skills/pt-runbook/SKILL.md',
      '.claude/skills/pt-plan/SKILL.md',
      '.claude/skills/pt-implement/SKILL.md',
      '.claude/skills/pt-runbook/SKILL.md',
    ]);
    expect(paths(['plan', 'next', 'implement'])).not.toContain('.claude/skills/pt-runbook/SKILL.md');
    const claude = (name: string) =>
      frontmatter(
        assistantFiles({ role: 'implementing', assistants: ['claude'] }).find((f) =>
          f.path.includes(`/${name}/`),
        )!.content,
      );
    expect(claude('pt-implement').data['allowed-tools']).toBe(
      'mcp__papertrail__implement mcp__papertrail__next',
    );
    expect(claude('pt-runbook').data['allowed-tools']).toBe(
      'mcp__papertrail__runbook_new mcp__papertrail__runbook_review mcp__papertrail__runbook_accept mcp__papertrail__next',
    );
    expect(claude('pt-plan').data).not.toHaveProperty('argument-hint');
  });

  it('--tools claude alone still gets the MCP configuration; copilot alone gets both MCP files', () => {
    expect(assistantFiles({ role: 'implementing', assistants: ['claude'] }).map((f) => f.path)).toContain(
      '.mcp.json',
    );
    const copilot = assistantFiles({ role: 'implementing', assistants: ['copilot'] }).map((f) => f.path);
    expect(copilot).toEqual(expect.arrayContaining(['.vscode/mcp.json', '.mcp.json']));
    expect(copilot.some((p) => p.startsWith('.claude/'))).toBe(false);
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

// The files that point an AI assistant at Papertrail: slash commands in each assistant's own format
// and the MCP configuration that starts `papertrail mcp`. Used by init (decisions workspace) and
// bootstrap (implementing repository).
import { PtError } from '../../../base/index.js';
import { suggest } from '../../../domain/graph/suggest.js';
import { availableCommands, type RepoRole, type SlashCommand } from './commands.js';

export const ASSISTANTS = ['copilot', 'claude'] as const;
export type Assistant = (typeof ASSISTANTS)[number];

export interface AssistantFile {
  path: string;
  content: string;
  assistant: Assistant | 'all';
  /** `command`: Papertrail's own script, refreshed by a re-bootstrap; `config`/`guide`: the project's to edit. */
  kind: 'command' | 'config' | 'guide';
}

/** The name Papertrail is published under (`papertrail` on the registry is another project). */
export const PACKAGE_NAME = 'papertrail-spec';

/**
 * How an assistant starts the server: npx runs the `papertrail-spec` bin of the workspace's own
 * dependency, else of a global install or `npm link`; `--no-install` makes it refuse rather than fetch
 * and run whatever the registry serves under that name.
 */
export const MCP_SERVER = { command: 'npx', args: ['--no-install', PACKAGE_NAME, 'mcp'] } as const;

export function vscodeMcpJson(): string {
  return `${JSON.stringify({ servers: { papertrail: { type: 'stdio', ...MCP_SERVER } } }, null, 2)}\n`;
}

export function claudeMcpJson(): string {
  return `${JSON.stringify({ mcpServers: { papertrail: { type: 'stdio', ...MCP_SERVER } } }, null, 2)}\n`;
}

const yamlString = (s: string) => JSON.stringify(s);

/** A Copilot prompt file (.github/prompts/NAME.prompt.md): `/NAME` in VS Code chat, in agent mode. */
export function copilotPrompt(c: SlashCommand): string {
  const tools = ['papertrail/*', ...c.editorTools].map((t) => `'${t}'`).join(', ');
  return `---
name: ${c.name}
description: ${yamlString(c.description)}
agent: agent
${c.argument ? `argument-hint: ${yamlString(c.argument.hint)}\n` : ''}tools: [${tools}]
---

${c.body(c.argument ? `the text after \`/${c.name}\` in the user's message` : '')}`;
}

/** A Claude Code command (.claude/commands/NAME.md): `/NAME`, with the typed text in $ARGUMENTS. */
export function claudeCommand(c: SlashCommand): string {
  return `---
description: ${yamlString(c.description)}
${c.argument ? `argument-hint: ${yamlString(`[${c.argument.name}]`)}\n` : ''}---

${c.body(c.argument ? '$ARGUMENTS' : '')}`;
}

/** AGENTS.md of a decisions workspace (the implementing repository's comes from the bootstrap templates). */
export function decisionsAgents(docs: string): string {
  return `# Agent instructions

This workspace holds Papertrail documents: proposals (\`${docs}/proposals\`), specs and extensions
(\`${docs}/specs\`) and standards (\`${docs}/standards\`). Papertrail numbers, validates and links them.

- Change these documents only through the \`papertrail\` MCP tools (or the \`papertrail\` CLI with \`--json\`):
  they assign IDs, file names and requirement IDs, and refuse a change that would not validate.
- Writing tools take \`dry_run\`: dry-run first, show the summary, write only after the user confirms.
- Slash commands: \`/propose\`, \`/spec PROP-NNNN\`, \`/bootstrap SPEC-NNNN\`; then \`/plan\` and \`/implement\` in the
  implementing repository.
- \`status\` moves a document along its lifecycle (draft → review → approved); \`validate\` must pass before a PR.
`;
}

export interface AssistantFileOptions {
  role: RepoRole;
  assistants: readonly Assistant[];
  /** The docs root of a decisions workspace (for AGENTS.md). */
  docs?: string;
  /** Tools the server has; commands needing others are left out. */
  tools?: Iterable<string>;
}

/** Every assistant file for a repository of `role`, in a stable order. */
export function assistantFiles(o: AssistantFileOptions): AssistantFile[] {
  const commands = availableCommands(o.tools).filter((c) => c.role === o.role);
  const files: AssistantFile[] = [];
  if (o.assistants.length && o.role === 'decisions')
    files.push({
      path: 'AGENTS.md',
      content: decisionsAgents(o.docs ?? 'docs'),
      assistant: 'all',
      kind: 'guide',
    });
  if (o.assistants.includes('copilot')) {
    files.push({ path: '.vscode/mcp.json', content: vscodeMcpJson(), assistant: 'copilot', kind: 'config' });
    for (const c of commands)
      files.push({
        path: `.github/prompts/${c.name}.prompt.md`,
        content: copilotPrompt(c),
        assistant: 'copilot',
        kind: 'command',
      });
  }
  if (o.assistants.includes('claude')) {
    files.push({ path: '.mcp.json', content: claudeMcpJson(), assistant: 'claude', kind: 'config' });
    if (o.role === 'decisions')
      files.push({ path: 'CLAUDE.md', content: '@AGENTS.md\n', assistant: 'claude', kind: 'guide' });
    for (const c of commands)
      files.push({
        path: `.claude/commands/${c.name}.md`,
        content: claudeCommand(c),
        assistant: 'claude',
        kind: 'command',
      });
  }
  return files;
}

/** `--tools copilot,claude` (default both; `none` for no assistant files). */
export function parseAssistants(list: string[] | undefined): Assistant[] {
  if (!list?.length) return [...ASSISTANTS];
  const names = list
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'none') return [];
  const bad = names.filter((n) => !(ASSISTANTS as readonly string[]).includes(n));
  if (bad.length) {
    const near = suggest(bad[0]!, [...ASSISTANTS, 'none']);
    throw new PtError('usage/bad-tools', `Unknown assistant "${bad[0]}" in --tools`, {
      hint: `${near.length ? `Did you mean ${near.join(' or ')}? ` : ''}Use ${ASSISTANTS.join(', ')} (comma-separated), or none.`,
      exit: 2,
    });
  }
  return ASSISTANTS.filter((a) => names.includes(a));
}

// The files that point an AI assistant at Papertrail: the slash commands as agent skills in each
// assistant's folder and the MCP configuration that starts `papertrail mcp`. Used by init (decisions
// workspace) and bootstrap (implementing repository).
import { PtError } from '../../../base/index.js';
import { suggest } from '../../../domain/graph/suggest.js';
import {
  availableCommands,
  modelInvocable,
  type RepoRole,
  type SlashCommand,
  skillName,
} from './commands.js';

export const ASSISTANTS = ['copilot', 'claude'] as const;
export type Assistant = (typeof ASSISTANTS)[number];

export interface AssistantFile {
  path: string;
  content: string;
  assistant: Assistant | 'all';
  /** `skill`: Papertrail's own script, refreshed by a re-bootstrap; `config`/`guide`: the project's to edit. */
  kind: 'skill' | 'config' | 'guide';
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

/** `.mcp.json`: Claude Code's project servers, and those of VS Code's Copilot agent host. */
export function claudeMcpJson(): string {
  return `${JSON.stringify({ mcpServers: { papertrail: { type: 'stdio', ...MCP_SERVER } } }, null, 2)}\n`;
}

const yamlString = (s: string) => JSON.stringify(s);

/** The MCP server's tools as Claude Code names them in permissions: `mcp__<server>__<tool>`. */
export const claudeToolName = (tool: string) => `mcp__papertrail__${tool}`;

/** Where each assistant looks for a project's skills (the Agent Skills layout: `<dir>/<name>/SKILL.md`). */
export const SKILL_DIRS: Record<Assistant, string> = { copilot: '.github/skills', claude: '.claude/skills' };

export const skillPath = (a: Assistant, c: SlashCommand) => `${SKILL_DIRS[a]}/${skillName(c.name)}/SKILL.md`;

/**
 * A Claude Code skill: `/pt-NAME`, with the typed text in $ARGUMENTS. `allowed-tools` pre-approves exactly
 * the papertrail tools the script calls (space-separated, as the Agent Skills standard writes it), and a
 * script with side effects is kept from the model (`disable-model-invocation`): only a person starts it.
 */
export function claudeSkill(c: SlashCommand): string {
  return `---
name: ${skillName(c.name)}
description: ${yamlString(c.description)}
${c.argument ? `argument-hint: ${yamlString(`[${c.argument.name}]`)}\n` : ''}allowed-tools: ${c.tools.map(claudeToolName).join(' ')}
${modelInvocable(c) ? '' : 'disable-model-invocation: true\n'}---

${c.body(c.argument ? '$ARGUMENTS' : '')}`;
}

/**
 * A VS Code / GitHub Copilot skill: `/pt-NAME` in chat, for both the Copilot and the Local agent host (the
 * Copilot host no longer reads prompt files). VS Code's skill format has no field naming tools: the
 * papertrail tools come from the MCP configuration, and VS Code asks before each call it has not been
 * told to allow.
 */
export function copilotSkill(c: SlashCommand): string {
  return `---
name: ${skillName(c.name)}
description: ${yamlString(c.description)}
${c.argument ? `argument-hint: ${yamlString(c.argument.hint)}\n` : ''}${modelInvocable(c) ? '' : 'disable-model-invocation: true\n'}---

${c.body(c.argument ? `the text after \`/${skillName(c.name)}\` in the user's message` : '')}`;
}

/** AGENTS.md of a decisions workspace (the implementing repository's comes from the bootstrap templates). */
export function decisionsAgents(docs: string): string {
  return `# Agent instructions

This workspace holds Papertrail documents: proposals (\`${docs}/proposals\`), specs and extensions
(\`${docs}/specs\`) and standards (\`${docs}/standards\`). Papertrail numbers, validates and links them.

- Change these documents only through the \`papertrail\` MCP tools (or the \`papertrail\` CLI with \`--json\`):
  they assign IDs, file names and requirement IDs, and refuse a change that would not validate.
- Writing tools take \`dry_run\`: dry-run first, show the summary, write only after the user confirms.
- Skills (slash commands): \`/pt-propose\`, \`/pt-spec PROP-NNNN\`, \`/pt-bootstrap SPEC-NNNN\`; then \`/pt-plan\`
  and \`/pt-implement\` in the implementing repository.
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
  if (o.assistants.includes('copilot'))
    files.push({ path: '.vscode/mcp.json', content: vscodeMcpJson(), assistant: 'copilot', kind: 'config' });
  // Claude Code reads .mcp.json, and so does VS Code's Copilot agent host (its Local host reads .vscode/mcp.json).
  if (o.assistants.length)
    files.push({ path: '.mcp.json', content: claudeMcpJson(), assistant: 'all', kind: 'config' });
  if (o.assistants.includes('claude') && o.role === 'decisions')
    files.push({ path: 'CLAUDE.md', content: '@AGENTS.md\n', assistant: 'claude', kind: 'guide' });
  const render = { copilot: copilotSkill, claude: claudeSkill };
  for (const a of ASSISTANTS.filter((x) => o.assistants.includes(x)))
    for (const c of commands)
      files.push({ path: skillPath(a, c), content: render[a](c), assistant: a, kind: 'skill' });
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

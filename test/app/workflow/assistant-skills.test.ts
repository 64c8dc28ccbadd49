import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ASSISTANTS,
  assistantFiles,
  COMMANDS,
  claudeSkill,
  copilotSkill,
  isPapertrailsOwn,
  legacyFiles,
  migrateLegacy,
  modelInvocable,
  READ_ONLY_TOOLS,
  type SlashCommand,
  TOOL_NAMES,
} from '../../../src/app/workflow/assistant/index.js';
import { TOOLS } from '../../../src/faces/mcp/tools.js';
import { frontmatter } from '../../helpers/frontmatter.js';

// The assistants' own slash commands and bundled skills, which a project skill of the same name would
// shadow or be shadowed by: Claude Code's, VS Code chat's and GitHub Copilot CLI's.
const BUILT_IN = [
  // Claude Code
  'add-dir',
  'agents',
  'bashes',
  'batch',
  'bug',
  'clear',
  'claude-api',
  'compact',
  'config',
  'context',
  'cost',
  'debug',
  'doctor',
  'exit',
  'export',
  'help',
  'hooks',
  'ide',
  'init',
  'install-github-app',
  'login',
  'logout',
  'loop',
  'mcp',
  'memory',
  'model',
  'output-style',
  'permissions',
  'plan',
  'plugin',
  'pr-comments',
  'release-notes',
  'resume',
  'review',
  'rewind',
  'schedule',
  'security-review',
  'simplify',
  'skills',
  'status',
  'statusline',
  'terminal-setup',
  'todos',
  'ultraplan',
  'upgrade',
  'usage',
  'vim',
  // VS Code chat
  'create-agent',
  'create-hook',
  'create-instructions',
  'create-prompt',
  'create-skill',
  'explain',
  'fix',
  'fixTestFailure',
  'new',
  'newNotebook',
  'search',
  'setupTests',
  'startDebugging',
  'tests',
  'tools',
  'troubleshoot',
  // GitHub Copilot CLI
  'agent',
  'allow-all',
  'cwd',
  'delegate',
  'diff',
  'feedback',
  'fleet',
  'list-dirs',
  'research',
  'session',
  'share',
  'tasks',
  'theme',
  'user',
  // Papertrail's own earlier command names and its MCP prompts
  ...COMMANDS.map((c) => c.name),
];

/** The Agent Skills standard's name rule: 1-64 lowercase letters, digits and single inner hyphens. */
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CLAUDE_FIELDS = ['name', 'description', 'argument-hint', 'allowed-tools', 'disable-model-invocation'];
// VS Code's SKILL.md fields (its skill format has no field for tools; prompt files' `agent`/`tools` are gone).
const VSCODE_FIELDS = ['name', 'description', 'argument-hint', 'user-invocable', 'disable-model-invocation'];

const skills = ASSISTANTS.flatMap((assistant) =>
  (['decisions', 'implementing'] as const).flatMap((role) =>
    assistantFiles({ role, assistants: [assistant] })
      .filter((f) => f.kind === 'skill')
      .map((f) => ({ ...f, assistant, role })),
  ),
);
const commandOf = (name: unknown) => COMMANDS.find((c) => `pt-${c.name}` === name)!;

describe('generated skills', () => {
  it('are one per command and assistant, each SKILL.md in a folder named like the skill', () => {
    expect(skills).toHaveLength(COMMANDS.length * ASSISTANTS.length);
    for (const s of skills) {
      const { data } = frontmatter(s.content);
      const parts = s.path.split('/');
      expect(parts.at(-1), s.path).toBe('SKILL.md');
      expect(parts.at(-2), s.path).toBe(data.name);
      expect(parts.slice(0, -2).join('/')).toBe(
        s.assistant === 'claude' ? '.claude/skills' : '.github/skills',
      );
    }
  });

  it('follow the Agent Skills name and description rules', () => {
    for (const s of skills) {
      const { data, body } = frontmatter(s.content);
      const name = data.name as string;
      expect(name, s.path).toMatch(NAME);
      expect(name.length, s.path).toBeLessThanOrEqual(64);
      expect(typeof data.description, s.path).toBe('string');
      const description = data.description as string;
      expect(description.length, s.path).toBeGreaterThan(0);
      expect(description.length, s.path).toBeLessThanOrEqual(1024);
      expect(description, s.path).not.toMatch(/[<>]/);
      expect(body.trim().length, s.path).toBeGreaterThan(0);
    }
  });

  it('cannot collide with a built-in command: every name is pt-<command>, none is built in', () => {
    const names = skills.map((s) => frontmatter(s.content).data.name as string);
    for (const n of names) {
      expect(n.startsWith('pt-'), n).toBe(true);
      expect(BUILT_IN, n).not.toContain(n);
    }
    expect(new Set(names).size).toBe(COMMANDS.length);
  });

  it('use only the fields each assistant reads', () => {
    for (const s of skills) {
      const keys = Object.keys(frontmatter(s.content).data);
      const allowed = s.assistant === 'claude' ? CLAUDE_FIELDS : VSCODE_FIELDS;
      for (const k of keys) expect(allowed, `${s.path}: ${k}`).toContain(k);
    }
  });

  it('pre-approve in Claude Code exactly the papertrail tools their script calls', () => {
    for (const s of skills.filter((x) => x.assistant === 'claude')) {
      const { data } = frontmatter(s.content);
      const c = commandOf(data.name);
      const tools = (data['allowed-tools'] as string).split(' ');
      expect(tools, s.path).toEqual(c.tools.map((t) => `mcp__papertrail__${t}`));
      for (const t of tools) expect(TOOL_NAMES, s.path).toContain(t.replace('mcp__papertrail__', ''));
    }
  });

  it('name every tool their script tells the assistant to call', () => {
    for (const c of COMMANDS) {
      const text = c.body('');
      const called = TOOL_NAMES.filter((t) => new RegExp(`call(?: it again with)? \`${t}\``).test(text));
      expect(called.length, c.name).toBeGreaterThan(0);
      for (const t of called) expect(c.tools, `${c.name} calls ${t}`).toContain(t);
    }
  });

  it('that write are started only by a person; the tools that only read are those the server marks so', () => {
    expect([...READ_ONLY_TOOLS].sort()).toEqual(
      TOOLS.filter((t) => t.readOnly)
        .map((t) => t.name)
        .sort(),
    );
    for (const s of skills) {
      const { data } = frontmatter(s.content);
      const c = commandOf(data.name);
      const writes = c.tools.some((t) => !READ_ONLY_TOOLS.includes(t));
      expect(writes, s.path).toBe(true);
      expect(data['disable-model-invocation'], s.path).toBe(true);
      expect(data, s.path).not.toHaveProperty('user-invocable');
    }
  });

  it('leave a command whose tools only read to the model too', () => {
    const lookup: SlashCommand = {
      ...COMMANDS[0]!,
      tools: ['show', 'trace'],
      argument: null,
      body: () => 'Call `show`.\n',
    };
    expect(modelInvocable(lookup)).toBe(true);
    for (const text of [claudeSkill(lookup), copilotSkill(lookup)])
      expect(frontmatter(text).data).not.toHaveProperty('disable-model-invocation');
  });
});

describe('legacy command files', () => {
  const fixtures = join(import.meta.dirname, '../../fixtures/legacy-assistant');
  const all = [...legacyFiles('decisions', ASSISTANTS), ...legacyFiles('implementing', ASSISTANTS)];

  it('are recognised byte for byte as what earlier versions wrote', () => {
    expect(all).toHaveLength(12);
    for (const f of all) {
      const text = readFileSync(join(fixtures, f.path), 'utf8');
      expect(isPapertrailsOwn(f.path, text), f.path).toBe(true);
      expect(isPapertrailsOwn(f.path, `${text}\nOur own note.\n`), f.path).toBe(false);
      expect(isPapertrailsOwn(f.path.replace('.md', '.txt'), text), f.path).toBe(false);
    }
  });

  it('are replaced when unchanged and kept when edited; absent ones are not mentioned', () => {
    const files = legacyFiles('implementing', ['claude']);
    expect(files).toEqual([
      { path: '.claude/commands/plan.md', skill: 'pt-plan' },
      { path: '.claude/commands/implement.md', skill: 'pt-implement' },
      { path: '.claude/commands/runbook.md', skill: 'pt-runbook' },
    ]);
    const have: Record<string, string> = {
      '.claude/commands/plan.md': readFileSync(join(fixtures, '.claude/commands/plan.md'), 'utf8'),
      '.claude/commands/implement.md': 'Our own /implement.\n',
    };
    const m = migrateLegacy(files, (p) => have[p] ?? null);
    expect(m.remove.map((f) => f.path)).toEqual(['.claude/commands/plan.md']);
    expect(m.keep).toEqual([{ path: '.claude/commands/implement.md', skill: 'pt-implement' }]);
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, snapshot, tempDir } from '../helpers/cli.js';
import { frontmatter } from '../helpers/frontmatter.js';

const COPILOT = ['.vscode/mcp.json', '.github/skills/pt-propose/SKILL.md', '.github/skills/pt-spec/SKILL.md'];
const CLAUDE = ['CLAUDE.md', '.claude/skills/pt-propose/SKILL.md', '.claude/skills/pt-bootstrap/SKILL.md'];
const LEGACY = join(import.meta.dirname, '../fixtures/legacy-assistant');

describe('init --tools', () => {
  it('writes both assistants’ files by default: JSON that parses, skills with frontmatter', () => {
    const dir = tempDir();
    const r = JSON.parse(cli(['init', '--json'], { cwd: dir }).stdout);
    expect(r.created).toEqual(expect.arrayContaining(['AGENTS.md', '.mcp.json', ...COPILOT, ...CLAUDE]));
    expect(r.skipped).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8')).servers.papertrail.command).toBe(
      'npx',
    );
    expect(JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8')).mcpServers.papertrail.args).toEqual([
      '--no-install',
      'papertrail-spec',
      'mcp',
    ]);
    const copilot = frontmatter(readFileSync(join(dir, '.github/skills/pt-propose/SKILL.md'), 'utf8'));
    expect(copilot.data).toMatchObject({ name: 'pt-propose', 'disable-model-invocation': true });
    expect(copilot.data).not.toHaveProperty('tools');
    const claude = frontmatter(readFileSync(join(dir, '.claude/skills/pt-bootstrap/SKILL.md'), 'utf8'));
    expect(claude.data).toMatchObject({
      name: 'pt-bootstrap',
      'argument-hint': '[spec]',
      'allowed-tools': 'mcp__papertrail__bootstrap mcp__papertrail__show mcp__papertrail__list',
      'disable-model-invocation': true,
    });
    expect(claude.data.description).toEqual(expect.any(String));
    expect(claude.body).toContain('$ARGUMENTS');
    for (const legacy of ['.github/prompts', '.claude/commands'])
      expect(existsSync(join(dir, legacy))).toBe(false);
    expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toBe('@AGENTS.md\n');
  });

  it('chooses copilot, claude or none', () => {
    const only = (tools: string) => {
      const dir = tempDir();
      expect(cli(['init', '--tools', tools], { cwd: dir }).code).toBe(0);
      return (p: string) => existsSync(join(dir, p));
    };
    const copilot = only('copilot');
    expect(COPILOT.every(copilot)).toBe(true);
    expect(CLAUDE.some(copilot)).toBe(false);
    const claude = only('claude');
    expect(CLAUDE.every(claude)).toBe(true);
    expect(COPILOT.some(claude)).toBe(false);
    const none = only('none');
    expect([...COPILOT, ...CLAUDE, 'AGENTS.md', '.mcp.json'].some(none)).toBe(false);
    expect(none('papertrail.yaml')).toBe(true);
  });

  it('never overwrites a file the user has, and adds missing ones to an existing workspace', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode/mcp.json'), '{"servers":{"mine":{"type":"http","url":"https://x"}}}\n');
    writeFileSync(join(dir, 'AGENTS.md'), '# Ours\n');
    const r = cli(['init', '--tools', 'copilot'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Skipped (already there, left unchanged): AGENTS.md\n');
    expect(r.stdout).toContain('Added the papertrail server to: .vscode/mcp.json');
    expect(JSON.parse(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8')).servers).toEqual({
      mine: { type: 'http', url: 'https://x' },
      papertrail: { type: 'stdio', command: 'npx', args: ['--no-install', 'papertrail-spec', 'mcp'] },
    });
    expect(readFileSync(join(dir, 'AGENTS.md'), 'utf8')).toBe('# Ours\n');

    // Plain init still refuses an existing workspace; naming --tools adds what is missing.
    expect(cli(['init'], { cwd: dir }).code).toBe(3);
    const added = JSON.parse(cli(['init', '--tools', 'claude', '--json'], { cwd: dir }).stdout);
    expect(added.created).toEqual([
      'CLAUDE.md',
      '.claude/skills/pt-propose/SKILL.md',
      '.claude/skills/pt-spec/SKILL.md',
      '.claude/skills/pt-bootstrap/SKILL.md',
    ]);
    expect(added.skipped).toEqual(['AGENTS.md', '.mcp.json']);
    const again = JSON.parse(cli(['init', '--tools', 'claude,copilot', '--json'], { cwd: dir }).stdout);
    expect(again.created).toEqual([]);
  });

  it('replaces the slash-command files an earlier version wrote by skills, and leaves edited ones', () => {
    const dir = tempDir();
    expect(cli(['init', '--tools', 'none'], { cwd: dir }).code).toBe(0);
    const legacy = [
      '.github/prompts/propose.prompt.md',
      '.github/prompts/spec.prompt.md',
      '.github/prompts/bootstrap.prompt.md',
      '.claude/commands/propose.md',
      '.claude/commands/spec.md',
      '.claude/commands/bootstrap.md',
    ];
    for (const p of legacy) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), readFileSync(join(LEGACY, p), 'utf8'));
    }
    const edited = `${readFileSync(join(LEGACY, '.claude/commands/spec.md'), 'utf8')}\nAlways ask for a second reviewer.\n`;
    writeFileSync(join(dir, '.claude/commands/spec.md'), edited);
    writeFileSync(join(dir, '.claude/commands/ours.md'), 'Our own command.\n');

    const dry = JSON.parse(
      cli(['init', '--tools', 'copilot,claude', '--dry-run', '--json'], { cwd: dir }).stdout,
    );
    expect(dry.replaced).toHaveLength(5);
    expect(legacy.every((p) => existsSync(join(dir, p)))).toBe(true);

    const r = cli(['init', '--tools', 'copilot,claude'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Replaced by skills (unchanged files of an earlier version): .github/prompts/propose.prompt.md, .github/prompts/spec.prompt.md, .github/prompts/bootstrap.prompt.md, .claude/commands/propose.md, .claude/commands/bootstrap.md\n',
    );
    expect(r.stdout).toContain(
      '.claude/commands/spec.md was edited, so it was left as it is; the skill /pt-spec replaces it: move your changes there and delete it.\n',
    );
    expect(existsSync(join(dir, '.github/prompts'))).toBe(false);
    expect(readFileSync(join(dir, '.claude/commands/spec.md'), 'utf8')).toBe(edited);
    expect(readFileSync(join(dir, '.claude/commands/ours.md'), 'utf8')).toBe('Our own command.\n');
    expect(existsSync(join(dir, '.claude/commands/propose.md'))).toBe(false);
    for (const s of ['propose', 'spec', 'bootstrap'])
      for (const d of ['.github/skills', '.claude/skills'])
        expect(existsSync(join(dir, d, `pt-${s}/SKILL.md`))).toBe(true);

    // Idempotent: a second run changes nothing and repeats only the notice about the edited file.
    const before = snapshot(dir);
    const again = JSON.parse(cli(['init', '--tools', 'copilot,claude', '--json'], { cwd: dir }).stdout);
    expect(again).toMatchObject({ created: [], replaced: [], merged: [] });
    expect(again.legacy).toEqual([{ path: '.claude/commands/spec.md', skill: 'pt-spec' }]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses an unknown assistant, writing nothing', () => {
    const dir = tempDir();
    const r = cli(['init', '--tools', 'cursor', '--json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('usage/bad-tools');
    expect(snapshot(dir).size).toBe(0);
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, snapshot, tempDir } from '../helpers/cli.js';
import { frontmatter } from '../helpers/frontmatter.js';

const COPILOT = ['.vscode/mcp.json', '.github/prompts/propose.prompt.md', '.github/prompts/spec.prompt.md'];
const CLAUDE = ['.mcp.json', 'CLAUDE.md', '.claude/commands/propose.md', '.claude/commands/bootstrap.md'];

describe('init --tools', () => {
  it('writes both assistants’ files by default: JSON that parses, prompt files with frontmatter', () => {
    const dir = tempDir();
    const r = JSON.parse(cli(['init', '--json'], { cwd: dir }).stdout);
    expect(r.created).toEqual(expect.arrayContaining(['AGENTS.md', ...COPILOT, ...CLAUDE]));
    expect(r.skipped).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8')).servers.papertrail.command).toBe(
      'npx',
    );
    expect(JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8')).mcpServers.papertrail.args).toEqual([
      '--no-install',
      'papertrail-spec',
      'mcp',
    ]);
    const prompt = frontmatter(readFileSync(join(dir, '.github/prompts/propose.prompt.md'), 'utf8'));
    expect(prompt.data).toMatchObject({
      name: 'propose',
      agent: 'agent',
      tools: ['papertrail/*', 'read', 'search'],
    });
    const command = frontmatter(readFileSync(join(dir, '.claude/commands/bootstrap.md'), 'utf8'));
    expect(command.data).toMatchObject({ 'argument-hint': '[spec]' });
    expect(command.data.description).toEqual(expect.any(String));
    expect(command.body).toContain('$ARGUMENTS');
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
    expect([...COPILOT, ...CLAUDE, 'AGENTS.md'].some(none)).toBe(false);
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
      '.mcp.json',
      'CLAUDE.md',
      '.claude/commands/propose.md',
      '.claude/commands/spec.md',
      '.claude/commands/bootstrap.md',
    ]);
    expect(added.skipped).toEqual(['AGENTS.md']);
    const again = JSON.parse(cli(['init', '--tools', 'claude,copilot', '--json'], { cwd: dir }).stdout);
    expect(again.created).toEqual([]);
  });

  it('refuses an unknown assistant, writing nothing', () => {
    const dir = tempDir();
    const r = cli(['init', '--tools', 'cursor', '--json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('usage/bad-tools');
    expect(snapshot(dir).size).toBe(0);
  });
});

// One module per verb: each file in src/faces/cli/commands/ (but shared.ts and index.ts) registers exactly one
// command, named like the file (`work-run.ts` is `work run`, under a `work` it makes when none exists
// yet), and the full CLI registers every one of them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Cli } from '../../../src/faces/cli/commands/shared.js';
import { buildProgram } from '../../../src/faces/cli/main.js';
import { ROOT } from '../../helpers/cli.js';

const DIR = join(ROOT, 'src', 'faces', 'cli', 'commands');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts') && f !== 'shared.ts' && f !== 'index.ts')
  .sort();

/**
 * Verb modules written ahead of the app functions they call, which the full CLI does not register
 * yet. Remove an entry when the verb is wired in; the test fails when a listed one is registered.
 */
const NOT_YET_WIRED: string[] = [];
const topName = (file: string) => file.replace(/\.ts$/, '').split('-')[0]!;

describe('the verbs of the CLI', () => {
  it.each(files)('%s registers the one command named for it', async (file) => {
    const mod = (await import(join(DIR, file))) as Record<string, unknown>;
    const registers = Object.entries(mod).filter(([k, v]) => /^register/.test(k) && typeof v === 'function');
    expect(registers.map(([k]) => k)).toHaveLength(1);
    const program = new Command('papertrail');
    const cli: Cli = { program, argv: [], run: async () => {} };
    (registers[0]![1] as (c: Cli) => void)(cli);
    const [top, sub] = file.replace(/\.ts$/, '').split('-');
    expect(program.commands.map((c) => c.name())).toEqual([top]);
    if (sub) expect(program.commands[0]!.commands.map((c) => c.name())).toEqual([sub]);
  });

  it('are all registered by the full CLI, and nothing else is', () => {
    const program = buildProgram([], () => {});
    const names = program.commands.map((c) => c.name());
    const wired = files.filter((f) => !NOT_YET_WIRED.includes(f.replace(/\.ts$/, '')));
    expect([...names].sort()).toEqual([...new Set(wired.map(topName))].sort());
    for (const pending of NOT_YET_WIRED) {
      const [top, sub] = pending.split('-');
      const parent = program.commands.find((c) => c.name() === top);
      expect(parent?.commands.some((c) => c.name() === sub) ?? false).toBe(false);
    }
  });
});

// One module per verb: each file in src/faces/cli/commands/ (but shared.ts and index.ts) registers exactly one
// top-level command, named like the file, and the full CLI registers every one of them.
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

describe('the verbs of the CLI', () => {
  it.each(files)('%s registers the one command named for it', async (file) => {
    const mod = (await import(join(DIR, file))) as Record<string, unknown>;
    const registers = Object.entries(mod).filter(([k, v]) => /^register/.test(k) && typeof v === 'function');
    expect(registers.map(([k]) => k)).toHaveLength(1);
    const program = new Command('papertrail');
    const cli: Cli = { program, argv: [], run: async () => {} };
    (registers[0]![1] as (c: Cli) => void)(cli);
    expect(program.commands.map((c) => c.name())).toEqual([file.replace(/\.ts$/, '')]);
  });

  it('are all registered by the full CLI, and nothing else is', () => {
    const names = buildProgram([], () => {}).commands.map((c) => c.name());
    expect([...names].sort()).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newProgram, runProgram } from '../../../src/faces/cli/program.js';
import { quickValidateArgs } from '../../../src/faces/cli/validate-args.js';
import { addValidateCommand, type ValidateFlags } from '../../../src/faces/cli/validate-command.js';

/** What commander makes of the same command line: the verb's paths and flags, or null when it would not run it. */
async function viaCommander(argv: string[]): Promise<{ paths: string[]; flags: ValidateFlags } | null> {
  let got: { paths: string[]; flags: ValidateFlags } | null = null;
  const program = newProgram().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  addValidateCommand(program, async (paths, flags) => {
    got = { paths, flags: { ...flags } };
  });
  const write = process.stderr.write;
  process.stderr.write = () => true;
  try {
    await runProgram(program, argv, () => 0);
  } finally {
    process.stderr.write = write;
  }
  return got;
}

describe('quickValidateArgs', () => {
  it('reads the usual command lines', () => {
    expect(quickValidateArgs(['validate'])).toEqual({ paths: [], flags: {} });
    expect(quickValidateArgs(['validate', '--json', 'docs', '--strict', 'openspec/specs'])).toEqual({
      paths: ['docs', 'openspec/specs'],
      flags: { json: true, strict: true },
    });
    expect(quickValidateArgs(['validate', '--cache-location', '/tmp/c', '--sarif'])).toEqual({
      paths: [],
      flags: { cacheLocation: '/tmp/c', sarif: true },
    });
    expect(quickValidateArgs(['validate', '--cache-location=/tmp/c'])?.flags).toEqual({
      cacheLocation: '/tmp/c',
    });
  });

  it('leaves everything else to commander', () => {
    for (const argv of [
      ['list'],
      ['validate', '--help'],
      ['validate', '-h'],
      ['validate', '--version'],
      ['validate', '--bogus'],
      ['validate', '--json', '--json'],
      ['validate', '--cache-location'],
      ['validate', '--cache-location', '--json'],
      ['validate', '--cache-location='],
      ['validate', '--', 'docs'],
      ['validate', ''],
      ['validate', '-'],
    ]) {
      expect(quickValidateArgs(argv), argv.join(' ')).toBeNull();
    }
  });

  it('agrees with commander whenever it reads a command line', async () => {
    const TOKEN = fc.constantFrom(
      '--strict',
      '--json',
      '--sarif',
      '--verbose',
      '--cache',
      '--cache-location',
      '--cache-location=x',
      '--cache-location=',
      'docs',
      'openspec/specs/auth',
      'a b',
      '-',
      '--',
      '-x',
      '--bogus',
      '--help',
      '-V',
      '',
      '=',
    );
    let read = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(TOKEN, { maxLength: 6 }), async (rest) => {
        const argv = ['validate', ...rest];
        const quick = quickValidateArgs(argv);
        if (!quick) return;
        read++;
        expect(await viaCommander(argv)).toEqual(quick);
      }),
      { numRuns: 400 },
    );
    // Worthless if it never answered.
    expect(read).toBeGreaterThan(40);
  });
});

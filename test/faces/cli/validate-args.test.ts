import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickValidateArgs } from '../../../src/faces/cli/validate-args.js';
import type { ValidateFlags } from '../../../src/faces/cli/validate-command.js';
import { readValidateArgs } from '../../../src/faces/cli/validate-usage.js';

/**
 * What commander makes of the same command line, through the entry's own fallback: the verb's paths
 * and flags, or null when it would not run it (help, a usage error). Its output is swallowed.
 */
async function viaCommander(argv: string[]): Promise<{ paths: string[]; flags: ValidateFlags } | null> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = () => true;
  process.stderr.write = () => true;
  try {
    const r = await readValidateArgs(argv);
    return 'exit' in r ? null : { paths: r.paths, flags: { ...r.flags } };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
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

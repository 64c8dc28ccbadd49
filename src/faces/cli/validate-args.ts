// The usual `validate` command lines read without commander: loading it (and the program around
// it) was a large share of a small validate's start-up (BENCHMARKS.md). Only plain shapes are taken:
// known options, each at most once, and paths. Anything else (help, --version, an unknown or doubled
// option, a value that looks like an option, `--`) returns null, and commander reads it exactly as the
// full CLI does.
import type { ValidateFlags } from './validate-command.js';

const SWITCHES: Record<string, keyof ValidateFlags> = {
  '--strict': 'strict',
  '--json': 'json',
  '--sarif': 'sarif',
  '--verbose': 'verbose',
  '--cache': 'cache',
};

export function quickValidateArgs(argv: string[]): { paths: string[]; flags: ValidateFlags } | null {
  if (argv[0] !== 'validate') return null;
  const paths: string[] = [];
  const flags: ValidateFlags = {};
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '' || a.charCodeAt(0) !== 45 /* - */) {
      if (a === '') return null;
      paths.push(a);
      continue;
    }
    const key = SWITCHES[a];
    if (key !== undefined) {
      if (flags[key] !== undefined) return null;
      (flags as Record<string, boolean>)[key] = true;
      continue;
    }
    let value: string | undefined;
    if (a === '--cache-location') value = argv[++i];
    else if (a.startsWith('--cache-location=')) value = a.slice('--cache-location='.length);
    else return null;
    if (value === undefined || value === '' || value.startsWith('-') || flags.cacheLocation !== undefined)
      return null;
    flags.cacheLocation = value;
  }
  return { paths, flags };
}

// `papertrail validate` starts from its own bundle (dist/validate.js, chosen by bin/papertrail.js).
// It must be the same verb as the full CLI's: same report, same errors, same help, same exit codes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, node, ROOT, seedWorkspace, tempDir } from '../../helpers/cli.js';

const FULL_CLI = join(ROOT, 'dist', 'cli.js');

/** The same arguments through the full CLI's program, bypassing the bin's choice of entry. */
function fullCli(args: string[], cwd: string) {
  const script = `const { main } = await import(${JSON.stringify(FULL_CLI)}); process.exitCode = await main(${JSON.stringify(args)});`;
  return node(['--input-type=module', '-e', script], { cwd });
}

describe('the validate-only entry', () => {
  let broken: string;
  let openspec: string;

  beforeAll(() => {
    broken = seedWorkspace({ spec: true });
    // A requirement without a scenario: an error, so every format has a finding to report.
    writeFileSync(
      join(broken, 'docs', 'specs', 'SPEC-0002-broken.md'),
      '---\nid: SPEC-0002\ntitle: Broken\nstatus: draft\n---\n# SPEC-0002: Broken\n\n## Requirements\n\n### Requirement: Lonely\n\nThe system SHALL work.\n',
    );
    openspec = tempDir();
    mkdirSync(join(openspec, 'openspec', 'specs', 'auth'), { recursive: true });
    writeFileSync(
      join(openspec, 'openspec', 'specs', 'auth', 'spec.md'),
      '# auth\n\n## Purpose\nShort.\n\n## Requirements\n\n### Requirement: Login\nUsers log in.\n',
    );
  });

  const cases: [string, string[]][] = [
    ['text report', ['validate']],
    ['JSON report', ['validate', '--json']],
    ['SARIF report', ['validate', '--sarif']],
    ['strict, verbose', ['validate', '--strict', '--verbose']],
    ['a path that does not exist', ['validate', 'nothere', '--json']],
    ['paths and options in any order', ['validate', '--strict', 'docs', '--json', 'openspec']],
    ['an option given twice', ['validate', '--json', '--json']],
    ['an option value that looks like an option', ['validate', '--cache-location', '--json']],
    ['an unknown option', ['validate', '--bogus']],
    ['help', ['validate', '--help']],
    ['the version after the verb', ['validate', '--version']],
  ];

  for (const [what, args] of cases) {
    it(`gives what the full CLI gives: ${what}`, () => {
      for (const cwd of [broken, openspec]) {
        const viaBin = cli(args, { cwd });
        const viaFull = fullCli(args, cwd);
        expect(viaBin).toEqual(viaFull);
      }
    });
  }

  it('reports findings and fails on the broken workspace (the comparison above is not of two empty runs)', () => {
    const r = cli(['validate', '--json'], { cwd: broken });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.errors).toBeGreaterThan(0);
    const o = cli(['validate', '--json'], { cwd: openspec });
    expect(o.code).toBe(1);
    expect(JSON.parse(o.stdout).findings.length).toBeGreaterThan(0);
  });
});

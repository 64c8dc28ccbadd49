import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';

// A server that cannot start says why and ends (a hang would run into the helper's time limit and
// fail): nothing may be left holding the store open.
describe('serve that cannot start', () => {
  it('ends with the error (exit 2) in a workspace that does not name its repository', () => {
    const ws = tempDir('pt-serve-refused-');
    execFileSync('git', ['init', '-q'], { cwd: ws });
    expect(cli(['init', '--tools', 'none'], { cwd: ws }).code).toBe(0);
    const r = cli(['serve', '--port', '0'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error config/no-repo');
  }, 60_000);
});

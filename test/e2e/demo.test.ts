import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

// README's first command ends in `npm run demo`: it must keep working on the embedded defaults.
describe('npm run demo', () => {
  it('runs seed 000 from the proposal to a draft PR with no network, GitHub, AI or Postgres', () => {
    const dir = join(tempDir(), 'demo');
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.GITHUB_TOKEN;
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/demo.mjs'), dir], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'docs/proposals/PROP-0001-runner-infrastructure.md'))).toBe(true);
    expect(existsSync(join(dir, 'docs/specs/SPEC-0001-runner-infrastructure.md'))).toBe(true);
    expect(existsSync(join(dir, 'runner-infra/.github/spec/spec.md'))).toBe(true);
    expect(r.stdout).toContain('| 4 | [REQ] Monitoring | Requirement | #2, #3 |');
    expect(r.stdout).toContain('#2 [REQ] Auto-Scaling (SPEC-0001/REQ-001)');
    expect(r.stdout).toContain(
      'Draft PR #5: Implement #2: Auto-Scaling (implement/issue-2-auto-scaling → main)',
    );
    expect(r.stdout).toContain('SPEC-0001/REQ-001 → #2 open → implement/issue-2-auto-scaling → PR #5 draft');
  }, 120_000);
});

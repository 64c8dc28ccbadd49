import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, plannedRepo, tempDir } from '../helpers/cli.js';

// `gate approve` on the git ledger from the command line: the executor may not approve its own work,
// another person may, and the next `work schedule` finishes the item.
vi.setConfig({ testTimeout: 300_000 });

describe('papertrail gate on the git ledger', () => {
  it('four eyes, then an approval the next schedule acts on', () => {
    const { repo } = plannedRepo();
    const remote = join(tempDir('pt-ledger-gate-e2e-'), 'github.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    writeFileSync(
      join(repo, 'wf.yaml'),
      'id: wf-one\nname: One\nversion: 1.0.0\neffectiveFrom: 2026-01-01\nsteps:\n  - key: a\n    order: 1\n    responsibleRole: dev\n    gates:\n      - key: ok\n        kind: person\n',
    );
    appendFileSync(
      join(repo, 'papertrail.yaml'),
      `execution:\n  workflow: wf.yaml\n  ledger:\n    remote: ${remote}\n`,
    );
    const pt = (args: string[], actor = 'alice') =>
      cli(args, { cwd: repo, env: { PAPERTRAIL_ACTOR: actor } });
    expect(pt(['work', 'schedule']).code).toBe(0);
    expect(pt(['work', 'claim', '--attempt', '2-a-1', '--executor', 'alice']).code).toBe(0);
    expect(pt(['work', 'complete', '2-a-1', '--summary', 'done']).code).toBe(0);

    const own = pt(['gate', 'approve', '2', 'ok', '--reason', 'mine']);
    expect(own.code).toBe(3);
    expect(own.stderr).toContain('gate/four-eyes');
    const r = pt(['gate', 'approve', '2', 'ok', '--reason', 'checked'], 'bob');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      'Approved gate ok of #2 (step a) as bob.\nNext: papertrail work schedule queues the steps that follow.\n',
    );
    expect(pt(['work', 'schedule']).code).toBe(0);
    const rows = JSON.parse(pt(['work', 'list', '--json']).stdout).items;
    expect(rows.find((x: { issue: number }) => x.issue === 2)).toMatchObject({ status: 'done' });
    expect(pt(['audit', 'verify']).code).toBe(0);
  });
});

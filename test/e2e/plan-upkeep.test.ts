import { appendFileSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, plannedRepo } from '../helpers/cli.js';

const json = (r: { code: number; stdout: string; stderr: string }, code = 0) => {
  expect(r.code, r.stderr).toBe(code);
  return JSON.parse(r.stdout);
};

const issueState = (repo: string, n: number) => {
  const shown = json(cli(['plan', '--dry-run', '--json'], { cwd: repo }));
  return shown.rows.find((i: { number: number }) => i.number === n)?.state;
};

const specStatus = (ws: string) =>
  /repo: github\/runner-infra\n\s+status: ([a-z-]+)/.exec(
    readFileSync(join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md'), 'utf8'),
  )?.[1];

// The plan kept true by the forge: in an implementing repository, `sync` with no spec closes the tracking
// issue once every requirement issue is closed and moves the spec's implementation status in the
// decisions workspace papertrail.yaml names.
describe('sync in an implementing repository', () => {
  it('closes the tracking issue when the last requirement issue closes, and reopens it', () => {
    const { ws, repo } = plannedRepo();
    appendFileSync(join(repo, 'papertrail.yaml'), `decisions: ${relative(repo, ws)}\n`);
    expect(specStatus(ws)).toBe('planned');

    expect(cli(['issue', 'close', '2'], { cwd: repo }).code).toBe(0);
    const first = json(cli(['sync', '--json'], { cwd: repo }));
    expect(first).toMatchObject({ spec: 'SPEC-0001', closedTracking: [], reopenedTracking: [] });
    expect(first.decisions).toMatchObject({ from: 'planned', to: 'in-progress', changed: true });
    expect(specStatus(ws)).toBe('in-progress');
    expect(issueState(repo, 1)).toBe('open');

    for (const n of ['3', '4']) expect(cli(['issue', 'close', n], { cwd: repo }).code).toBe(0);
    const dry = cli(['sync', '--dry-run'], { cwd: repo });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Would close tracking issue #1');
    expect(issueState(repo, 1)).toBe('open');
    expect(specStatus(ws)).toBe('in-progress');

    const done = cli(['sync'], { cwd: repo });
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(
      'Closed tracking issue #1: every requirement issue of SPEC-0001 is closed.',
    );
    expect(done.stdout).toContain('from in-progress to complete');
    expect(issueState(repo, 1)).toBe('closed');
    expect(specStatus(ws)).toBe('complete');

    // Nothing more to do the second time.
    const again = json(cli(['sync', '--json'], { cwd: repo }));
    expect(again).toMatchObject({ closedTracking: [], reopenedTracking: [], decisions: { changed: false } });

    expect(cli(['issue', 'reopen', '3'], { cwd: repo }).code).toBe(0);
    const back = json(cli(['sync', '--json'], { cwd: repo }));
    expect(back).toMatchObject({ reopenedTracking: [1], decisions: { from: 'complete', to: 'in-progress' } });
    expect(issueState(repo, 1)).toBe('open');
  });

  it('without a decisions workspace only the tracking issue; a wrong one is refused at papertrail.yaml', () => {
    const { repo } = plannedRepo();
    const plain = json(cli(['sync', '--json'], { cwd: repo }));
    expect(plain).toMatchObject({ closedTracking: [], decisions: null });

    appendFileSync(join(repo, 'papertrail.yaml'), 'decisions: ../nowhere\n');
    const bad = cli(['sync', '--json'], { cwd: repo });
    expect(bad.code).toBe(3);
    const lines = readFileSync(join(repo, 'papertrail.yaml'), 'utf8').split('\n');
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      code: 'config/no-decisions',
      location: { file: 'papertrail.yaml', line: lines.indexOf('decisions: ../nowhere') + 1, column: 12 },
    });

    const mixed = cli(['sync', '--dir', '.'], { cwd: repo });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('usage/sync-spec');
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub } from '../fakes/github/index.js';
import { cli, cliAsync, seedWorkspace, tempDir } from '../helpers/cli.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

/** A workspace with an approved standard that applies to no spec by itself: only --standard brings it. */
function workspaceWithStandard(): string {
  const ws = seedWorkspace();
  const steps = [
    [
      'standard',
      '--title',
      'Secrets Hygiene',
      '--applies-to',
      'services',
      '--overview',
      'Keep secrets out of git.',
      '--category',
      'Secrets',
      '--must',
      'Never commit .env files',
      '--gitignore',
      '.env',
      '--gitignore',
      '.env.local',
    ],
    ['status', 'STD-0001', 'approved'],
  ];
  for (const args of steps) expect(cli(args, { cwd: ws }).code).toBe(0);
  return ws;
}

describe('bootstrap keeps the standards a repository was bootstrapped with', () => {
  let ws: string;
  let repo: string;
  beforeEach(() => {
    ws = workspaceWithStandard();
    repo = join(tempDir(), 'runner-infra');
  });

  it('a re-run without --standard keeps it; --skip-standard drops it', () => {
    const first = cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--standard', 'STD-0001'], { cwd: ws });
    expect(first.code).toBe(0);
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toContain(
      '# From STD-0001: Secrets Hygiene\n.env\n.env.local\n',
    );

    const again = JSON.parse(cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws }).stdout);
    expect(again).toMatchObject({
      action: 'up-to-date',
      standards: [{ id: 'STD-0001', why: 'kept: the repository has it' }],
    });

    // A real change is proposed on its own; the standard's ignores stay on the update branch.
    const ext = cli(
      [
        'extend',
        'SPEC-0001',
        '--title',
        'Caching Layer',
        '--requirement',
        'Cache: The system SHALL cache runner images.',
        '--scenario',
        'Warm: GIVEN a cached image WHEN a runner starts THEN it boots fast',
      ],
      { cwd: ws },
    );
    expect(ext.code).toBe(0);
    const update = JSON.parse(cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws }).stdout);
    expect(update.action).toBe('update-branch');
    expect(git(repo, 'diff', '--name-only', 'main', 'update-spec-SPEC-0001')).toBe(
      '.github/spec/extensions/SPEC-0001-EXT-0001-caching-layer.md',
    );
    expect(git(repo, 'show', 'update-spec-SPEC-0001:.gitignore')).toContain('.env\n.env.local');

    const skip = JSON.parse(
      cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--skip-standard', 'STD-0001', '--dry-run', '--json'], {
        cwd: ws,
      }).stdout,
    );
    expect(skip.standards).toEqual([]);
    expect(skip.skippedStandards).toEqual([{ id: 'STD-0001', why: 'skipped with --skip-standard' }]);
    expect(skip.files).toContainEqual({ path: '.gitignore', action: 'update' });
  }, 120_000);

  it('refuses a standard the workspace does not have, naming the nearest, and writes nothing', () => {
    for (const flag of ['--standard', '--skip-standard']) {
      const r = cli(['bootstrap', 'SPEC-0001', '--dir', repo, flag, 'STD-0042'], { cwd: ws });
      expect(r.code, flag).toBe(3);
      expect(r.stderr).toContain(
        `error standard/not-found: ${flag} STD-0042: the workspace has no standard STD-0042`,
      );
      expect(r.stderr).toContain('hint: Did you mean STD-0001?');
      expect(existsSync(repo)).toBe(false);
    }
    const json = JSON.parse(
      cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--standard', 'STD-0042', '--json'], { cwd: ws }).stdout,
    );
    expect(json).toMatchObject({ ok: false, error: { code: 'standard/not-found', exit: 3 } });
  }, 60_000);

  it('on GitHub too, a re-run without --standard writes nothing', async () => {
    const fake = await startFakeGitHub({ spec: 'ghec', login: 'octocat' });
    try {
      const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
      const run = async (...extra: string[]) => {
        const r = await cliAsync(
          ['bootstrap', 'SPEC-0001', '--github', 'github/runner-infra', '--json', ...extra],
          { cwd: ws, env },
        );
        expect(r.stderr).toBe('');
        return JSON.parse(r.stdout);
      };
      expect((await run('--standard', 'STD-0001')).action).toBe('create');
      const writes = fake.calls.filter((c) => c.method !== 'GET').length;
      const again = await run();
      expect(again).toMatchObject({
        action: 'up-to-date',
        standards: [{ id: 'STD-0001', why: 'kept: the repository has it' }],
      });
      expect(fake.calls.filter((c) => c.method !== 'GET').length).toBe(writes);
    } finally {
      await fake.close();
    }
  }, 60_000);
});

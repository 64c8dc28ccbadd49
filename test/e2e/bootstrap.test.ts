import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, ROOT, seedWorkspace, tempDir } from '../helpers/cli.js';

const _EX = join(ROOT, 'examples/seed-000');
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

// Seed 000 Part 3 on the local forge: a real git repository scaffolded from the spec.
describe('bootstrap --dir (local forge)', () => {
  let ws: string;
  let repo: string;
  beforeEach(() => {
    ws = seedWorkspace();
    repo = join(tempDir(), 'runner-infra');
    cli(
      [
        'standard',
        '--title',
        'Go Services',
        '--applies-to',
        'services',
        '--overview',
        'Go services.',
        '--category',
        'Testing',
        '--must',
        'Table-driven tests',
        '--gitignore',
        'bin/',
        '--gitignore',
        '.env',
      ],
      { cwd: ws },
    );
    cli(['standard', '--title', 'Draft Rules', '--applies-to', 'all', '--overview', 'Not yet agreed.'], {
      cwd: ws,
    });
    cli(['status', 'STD-0001', 'approved'], { cwd: ws });
  });

  it('creates the repository with the seed’s files in one commit, and a re-run changes nothing', () => {
    const spec = join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        'implementations:\n  - repo: github/runner-infra\n    status: planned\n',
        'implementations: []\ntags: [services]\n',
      ),
    );
    const dry = cli(
      ['bootstrap', 'SPEC-0001', '--dir', repo, '--repo', 'github/runner-infra', '--dry-run', '--json'],
      { cwd: ws },
    );
    const planned = JSON.parse(dry.stdout);
    expect(planned).toMatchObject({
      status: 'new',
      action: 'create',
      dryRun: true,
      standards: [{ id: 'STD-0001', why: 'applies to a tag of the spec' }],
      skippedStandards: [{ id: 'STD-0002', why: 'is draft, not approved' }],
    });
    expect(planned.files.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining([
        'README.md',
        'AGENTS.md',
        '.gitignore',
        '.vscode/mcp.json',
        '.github/copilot-instructions.md',
        '.github/skills/pt-plan/SKILL.md',
        '.github/skills/pt-implement/SKILL.md',
        '.github/spec/spec.md',
        '.github/standards/STD-0001-go-services.md',
      ]),
    );

    const r = cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--repo', 'github/runner-infra'], { cwd: ws });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| github/runner-infra | new | Create |');
    expect(git(repo, 'log', '--format=%s')).toBe('Bootstrap SPEC-0001: Runner Infrastructure');
    expect(git(repo, 'branch', '--show-current')).toBe('main');
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toContain(
      'scratchpad/\n\n# Papertrail runtime state (embedded store); the constitution is reviewed in git\n.papertrail/*\n!.papertrail/constitution.md\n\n# From STD-0001: Go Services\nbin/\n.env\n',
    );
    expect(readFileSync(join(repo, 'AGENTS.md'), 'utf8')).toContain(
      'This repository implements **SPEC-0001: Runner Infrastructure**.',
    );
    // The spec records its implementation, and the copy in the repository is that recorded spec.
    const recorded = readFileSync(spec, 'utf8');
    expect(recorded).toContain('implementations:\n  - repo: github/runner-infra\n    status: planned\n');
    expect(readFileSync(join(repo, '.github/spec/spec.md'), 'utf8')).toBe(recorded);
    expect(cli(['validate'], { cwd: ws }).code).toBe(0);

    const again = cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws });
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: 'exists',
      action: 'up-to-date',
      commit: null,
      recorded: false,
    });
    expect(git(repo, 'branch', '--list').split('\n')).toHaveLength(1);
  });

  it('proposes a changed spec on update-spec-SPEC-NNNN and keeps the project’s own files', () => {
    cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws });
    writeFileSync(join(repo, 'README.md'), '# Our own README\n');
    writeFileSync(join(repo, '.gitignore'), `${readFileSync(join(repo, '.gitignore'), 'utf8')}coverage/\n`);
    git(repo, 'add', '.');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'our changes');
    const ext = cli(
      [
        'extend',
        'SPEC-0001',
        '--title',
        'Caching Layer',
        '--requirement',
        'Cache: The system SHALL cache runner images.',
        '--scenario',
        'Warm start: GIVEN a cached image WHEN a runner starts THEN it boots in under 30 seconds',
      ],
      { cwd: ws },
    );
    expect(ext.code).toBe(0);
    const r = cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws });
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'exists', action: 'update-branch', branch: 'update-spec-SPEC-0001' });
    // Only the new extension differs: the edited README is the project's, the extra ignore is kept.
    expect(out.files.filter((f: { action: string }) => f.action !== 'keep')).toEqual([
      { path: '.github/spec/extensions/SPEC-0001-EXT-0001-caching-layer.md', action: 'create' },
    ]);
    expect(git(repo, 'branch', '--show-current')).toBe('main');
    expect(git(repo, 'log', '--format=%s', 'update-spec-SPEC-0001', '-1')).toBe(
      'Update spec: SPEC-0001 Runner Infrastructure',
    );
    expect(git(repo, 'diff', '--name-only', 'main', 'update-spec-SPEC-0001')).toBe(
      '.github/spec/extensions/SPEC-0001-EXT-0001-caching-layer.md',
    );
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# Our own README\n');
    // The branch is proposed as a pull request on the repository's own (local) forge, once.
    expect(out.pullRequest).toEqual({ number: 1, created: true });
    const again = JSON.parse(cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws }).stdout);
    expect(again).toMatchObject({ action: 'update-branch', pullRequest: { number: 1, created: false } });
  });

  it('refuses a --dir that is a file, changing nothing', () => {
    const spec = join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    const specBefore = readFileSync(spec, 'utf8');
    writeFileSync(repo, 'a file, not a folder\n');
    const r = cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('error bootstrap/not-a-directory:');
    expect(r.stderr).toContain('hint:');
    expect(readFileSync(repo, 'utf8')).toBe('a file, not a folder\n');
    expect(readFileSync(spec, 'utf8')).toBe(specBefore);
  });

  it('never writes over the files of a folder without git history, and keeps the ones it does not need', () => {
    const spec = join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    const specBefore = readFileSync(spec, 'utf8');
    mkdirSync(join(repo, '.github/spec'), { recursive: true });
    writeFileSync(join(repo, '.github/spec/spec.md'), '# Someone else’s spec\n');
    writeFileSync(join(repo, 'README.md'), '# Our own readme\n');
    writeFileSync(join(repo, 'notes.txt'), 'keep me\n');
    const refused = cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('bootstrap/would-overwrite');
    expect(refused.stderr).toContain('.github/spec/spec.md');
    expect(readFileSync(join(repo, '.github/spec/spec.md'), 'utf8')).toBe('# Someone else’s spec\n');
    expect(existsSync(join(repo, '.git'))).toBe(false);
    expect(existsSync(join(repo, 'AGENTS.md'))).toBe(false);
    expect(readFileSync(spec, 'utf8')).toBe(specBefore);

    // Without the clash it goes ahead: files the project owns (README) and files bootstrap does not
    // make stay as they were, and the folder's .gitignore lines are kept.
    rmSync(join(repo, '.github/spec/spec.md'));
    writeFileSync(join(repo, '.gitignore'), 'secrets/\n');
    const ok = cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# Our own readme\n');
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('keep me\n');
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toContain('secrets/');
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toContain('scratchpad/');
    expect(git(repo, 'status', '--porcelain')).toBe('?? notes.txt');
  });

  it('refuses a dirty repository and a spec with several repositories without --repo', () => {
    cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws });
    writeFileSync(join(repo, 'notes.txt'), 'wip');
    cli(
      [
        'extend',
        'SPEC-0001',
        '--title',
        'X',
        '--requirement',
        'X: It SHALL x.',
        '--scenario',
        's: GIVEN a WHEN b THEN c',
      ],
      { cwd: ws },
    );
    const dirty = cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws });
    expect(dirty.code).toBe(3);
    expect(dirty.stderr).toContain('bootstrap/dirty');
    const spec = join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '    status: planned\n',
        '    status: planned\n  - repo: github/runner-infra-eu\n    status: planned\n',
      ),
    );
    const which = cli(['bootstrap', 'SPEC-0001', '--dir', tempDir()], { cwd: ws });
    expect(which.code).toBe(2);
    expect(which.stderr).toContain('bootstrap/which-repo');
  });
});

describe('spec dependencies', () => {
  it('bootstrap records where the dependencies live and plan clones them into scratchpad/contexts', () => {
    const userService = join(tempDir(), 'user-service');
    execFileSync('git', ['init', '-q', '-b', 'main', userService]);
    writeFileSync(join(userService, 'openapi.yaml'), 'openapi: 3.0.0\n');
    git(userService, 'add', '.');
    git(userService, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'api');
    const ws = seedWorkspace({ spec: false });
    const users = JSON.stringify({
      proposal: 'PROP-0001',
      title: 'User Service',
      implementations: [{ repo: 'acme/user-service', status: 'complete', link: userService }],
      requirements: [
        {
          name: 'Lookup',
          statement: 'The service SHALL return a user by id.',
          scenarios: [{ name: 'Found', given: 'a user', when: 'GET /users/1', then: '200' }],
        },
      ],
    });
    writeFileSync(join(ws, 'users.json'), users);
    expect(cli(['spec', '--from', 'users.json', '--allow-duplicate'], { cwd: ws }).code).toBe(0);
    const orders = JSON.stringify({
      proposal: 'PROP-0001',
      title: 'Order Service',
      implementations: ['acme/order-service'],
      depends_on: ['SPEC-0001'],
      requirements: [
        {
          name: 'Validate user',
          statement: 'The service SHALL check the user exists.',
          scenarios: [
            { name: 'Known', given: 'an order', when: 'it is created', then: 'the user is looked up' },
          ],
        },
      ],
    });
    writeFileSync(join(ws, 'orders.json'), orders);
    expect(cli(['spec', '--from', 'orders.json'], { cwd: ws }).code).toBe(0);
    const repo = join(tempDir(), 'order-service');
    expect(cli(['bootstrap', 'SPEC-0002', '--dir', repo], { cwd: ws }).code).toBe(0);
    expect(readFileSync(join(repo, '.github/spec/dependencies.yaml'), 'utf8')).toContain(
      `repo: acme/user-service\n    url: file://${userService}`,
    );
    const plan = cli(['plan'], { cwd: repo });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      '- SPEC-0001 → acme/user-service in scratchpad/contexts/user-service: cloned at ',
    );
    expect(readFileSync(join(repo, 'scratchpad/contexts/user-service/openapi.yaml'), 'utf8')).toBe(
      'openapi: 3.0.0\n',
    );
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(cli(['plan'], { cwd: repo }).stdout).toMatch(/user-service: unchanged at [0-9a-f]{7}\n/);
  }, 120_000);
});

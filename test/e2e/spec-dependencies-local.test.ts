import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, seedWorkspace, tempDir } from '../helpers/cli.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
const commit = (dir: string, file: string, text: string) => {
  writeFileSync(join(dir, file), text);
  git(dir, 'add', file);
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', `add ${file}`);
  return git(dir, 'rev-parse', 'HEAD');
};
const short = (sha: string) => sha.slice(0, 7);

/** A decisions workspace with a user service spec and an order service spec that depends on it. */
function workspace(): string {
  const ws = seedWorkspace({ spec: false });
  const spec = (title: string, extra: object, req: string) =>
    JSON.stringify({
      proposal: 'PROP-0001',
      title,
      ...extra,
      requirements: [
        {
          name: req,
          statement: `The service SHALL ${req.toLowerCase()}.`,
          scenarios: [{ name: 'Works', given: 'a request', when: 'it arrives', then: 'it is served' }],
        },
      ],
    });
  writeFileSync(
    join(ws, 'users.json'),
    spec('User Service', { implementations: ['acme/user-service'] }, 'Lookup'),
  );
  expect(cli(['spec', '--from', 'users.json', '--allow-duplicate'], { cwd: ws }).code).toBe(0);
  writeFileSync(
    join(ws, 'orders.json'),
    spec('Order Service', { implementations: ['acme/order-service'], depends_on: ['SPEC-0001'] }, 'Validate'),
  );
  expect(cli(['spec', '--from', 'orders.json', '--allow-duplicate'], { cwd: ws }).code).toBe(0);
  return ws;
}

// Issue 13 item 8: spec dependencies with no GitHub anywhere, kept fresh by plan and implement.
describe('spec dependencies in an all-local flow', () => {
  it('bootstrap --dir records where each repository lives; plan clones it from there and says when it moved', () => {
    const ws = workspace();
    const users = join(tempDir(), 'user-service');
    const orders = join(tempDir(), 'order-service');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', users], { cwd: ws }).code).toBe(0);
    // The location is recorded in the spec, relative to the decisions workspace.
    const usersSpec = readFileSync(join(ws, 'docs/specs/SPEC-0001-user-service.md'), 'utf8');
    expect(usersSpec).toMatch(
      /- repo: acme\/user-service\n {4}status: planned\n {4}link: \.\.\/pt-\w+\/user-service\n/,
    );
    expect(cli(['bootstrap', 'SPEC-0002', '--dir', orders], { cwd: ws }).code).toBe(0);
    const deps = readFileSync(join(orders, '.github/spec/dependencies.yaml'), 'utf8');
    // The implementing repository names it relative to itself, never on GitHub.
    expect(deps).toMatch(/repo: acme\/user-service\n {4}url: \.\.\/\.\.\/pt-\w+\/user-service\n/);
    expect(deps).not.toContain('github.com');

    const first = git(users, 'rev-parse', 'HEAD');
    const plan = cli(['plan'], { cwd: orders });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `- SPEC-0001 → acme/user-service in scratchpad/contexts/user-service: cloned at ${short(first)}`,
    );
    const clone = join(orders, 'scratchpad/contexts/user-service');
    expect(existsSync(join(clone, '.github/spec/spec.md'))).toBe(true);

    // A new commit in the dependency's repository: the next plan brings the clone up to date.
    const second = commit(users, 'openapi.yaml', 'openapi: 3.0.0\n');
    const again = cli(['plan'], { cwd: orders });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `- SPEC-0001 → acme/user-service in scratchpad/contexts/user-service: moved ${short(first)}..${short(second)}`,
    );
    expect(readFileSync(join(clone, 'openapi.yaml'), 'utf8')).toBe('openapi: 3.0.0\n');
    expect(cli(['plan'], { cwd: orders }).stdout).toContain(`user-service: unchanged at ${short(second)}`);
    expect(git(orders, 'status', '--porcelain')).toBe('');

    // A dry run says what it would do and leaves the clone, and its .git, as they are.
    const third = commit(users, 'CHANGELOG.md', '# 1.1\n');
    const fetchHead = join(clone, '.git/FETCH_HEAD');
    const stamp = statSync(fetchHead).mtimeMs;
    const dry = cli(['plan', '--dry-run'], { cwd: orders });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`user-service: would refresh ${short(second)}..${short(third)}`);
    expect(dry.stdout).not.toContain('failed');
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(second);
    expect(statSync(fetchHead).mtimeMs).toBe(stamp);

    // implement refreshes them too, before the work starts.
    const impl = cli(['implement'], { cwd: orders });
    expect(impl.code).toBe(0);
    expect(impl.stdout).toContain(`user-service: moved ${short(second)}..${short(third)}`);
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(third);
  }, 180_000);

  it('a refresh that fails is a warning naming the clone and the commit used; a dry run never clones', () => {
    const ws = workspace();
    const users = join(tempDir(), 'user-service');
    const orders = join(tempDir(), 'order-service');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', users], { cwd: ws }).code).toBe(0);
    expect(cli(['bootstrap', 'SPEC-0002', '--dir', orders], { cwd: ws }).code).toBe(0);

    const dry = cli(['plan', '--dry-run'], { cwd: orders });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/user-service: would clone from \.\.\/\.\.\/pt-\w+\/user-service\n/);
    expect(dry.stdout).not.toContain('failed');
    expect(existsSync(join(orders, 'scratchpad'))).toBe(false);

    expect(cli(['plan'], { cwd: orders }).code).toBe(0);
    const at = git(users, 'rev-parse', 'HEAD');
    renameSync(users, `${users}-moved`);
    const plan = cli(['plan'], { cwd: orders });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `- warning: SPEC-0001 → acme/user-service in scratchpad/contexts/user-service: stale at ${short(at)}, used as it is; refreshing it failed: git fetch failed`,
    );
    expect(git(join(orders, 'scratchpad/contexts/user-service'), 'rev-parse', 'HEAD')).toBe(at);
    const json = JSON.parse(cli(['plan', '--json'], { cwd: orders }).stdout);
    expect(json.contexts).toMatchObject([{ status: 'stale', from: at, to: at, repo: 'acme/user-service' }]);
  }, 180_000);

  it('a link changed by hand in the spec is honoured: the clone follows it to the new repository', () => {
    const ws = workspace();
    const users = join(tempDir(), 'user-service');
    const orders = join(tempDir(), 'order-service');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', users], { cwd: ws }).code).toBe(0);
    expect(cli(['bootstrap', 'SPEC-0002', '--dir', orders], { cwd: ws }).code).toBe(0);
    expect(cli(['plan'], { cwd: orders }).code).toBe(0);
    const before = git(users, 'rev-parse', 'HEAD');

    // The team moves the user service to a new repository (its history started again) and says so in
    // the spec: no fast-forward leads there, so the clone is made again.
    const moved = join(tempDir(), 'users-v2');
    git(tempDir(), 'init', '-q', '-b', 'main', moved);
    const after = commit(moved, 'v2.md', 'v2\n');
    const specFile = join(ws, 'docs/specs/SPEC-0001-user-service.md');
    writeFileSync(specFile, readFileSync(specFile, 'utf8').replace(/link: .*\n/, `link: ${moved}\n`));
    rmSync(users, { recursive: true, force: true });
    const update = cli(['bootstrap', 'SPEC-0002', '--dir', orders], { cwd: ws });
    expect(update.code).toBe(0);
    git(orders, 'merge', '-q', '--ff-only', 'update-spec-SPEC-0002');
    expect(readFileSync(join(orders, '.github/spec/dependencies.yaml'), 'utf8')).toContain(
      `url: file://${moved}`,
    );

    const plan = cli(['plan'], { cwd: orders });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`user-service: moved ${short(before)}..${short(after)}`);
    const clone = join(orders, 'scratchpad/contexts/user-service');
    expect(readFileSync(join(clone, 'v2.md'), 'utf8')).toBe('v2\n');
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(after);
    // Nothing is left of the swap.
    expect(readdirSync(join(orders, 'scratchpad/contexts'))).toEqual(['user-service']);
  }, 180_000);
});

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/errors.js';
import { Git } from '../../../src/ports/git/git.js';
import { tempDir } from '../../helpers/cli.js';

function repo(): { dir: string; git: (...a: string[]) => string } {
  const dir = tempDir('pt-git-');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  return { dir, git };
}

const refused = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return isPtError(e) ? e.code : String(e);
  }
};

describe('Git.commitEmptyOnto', () => {
  it('creates the branch at a new empty commit on the base, without checking it out', () => {
    const { dir, git } = repo();
    const main = git('rev-parse', 'main');
    const sha = new Git(dir).commitEmptyOnto('topic', 'main', 'Start\n\nResolves #2', true);
    expect(git('rev-parse', 'topic')).toBe(sha);
    expect(git('rev-parse', 'topic^')).toBe(main);
    expect(git('rev-parse', 'topic^{tree}')).toBe(git('rev-parse', 'main^{tree}'));
    expect(git('log', '-1', '--format=%B', 'topic')).toBe('Start\n\nResolves #2');
    expect(git('branch', '--show-current')).toBe('main');
    expect(git('status', '--porcelain')).toBe('');
  });

  it('refuses to create a branch that exists, and to move one that moved', () => {
    const { dir, git } = repo();
    const g = new Git(dir);
    git('branch', 'topic');
    const before = git('rev-parse', 'topic');
    expect(refused(() => g.commitEmptyOnto('topic', 'main', 'x', true))).toBe('git/failed');
    expect(git('rev-parse', 'topic')).toBe(before);
    // Moving from a base that is not the branch's tip would drop what the branch has.
    git('checkout', '-q', 'topic');
    git('commit', '-q', '--allow-empty', '-m', 'work');
    git('checkout', '-q', 'main');
    expect(refused(() => g.commitEmptyOnto('topic', 'main', 'x', false))).toBe('git/failed');
    const tip = git('rev-parse', 'topic');
    const sha = g.commitEmptyOnto('topic', 'topic', 'Resolves #2', false);
    expect(git('rev-parse', 'topic^')).toBe(tip);
    expect(git('rev-parse', 'topic')).toBe(sha);
  });

  it('adds to the checked-out branch and leaves the working tree and index as they were', () => {
    const { dir, git } = repo();
    git('checkout', '-q', '-b', 'topic');
    writeFileSync(join(dir, 'a.txt'), 'staged\n');
    git('add', 'a.txt');
    writeFileSync(join(dir, 'b.txt'), 'untracked\n');
    new Git(dir).commitEmptyOnto('topic', 'topic', 'Resolves #2', false);
    expect(git('log', '-1', '--format=%s')).toBe('Resolves #2');
    expect(git('status', '--porcelain')).toBe('M  a.txt\n?? b.txt');
  });
});

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  git('checkout', '-q', '-b', 'topic');
  writeFileSync(join(dir, 'b.txt'), 'b\n');
  git('add', '.');
  git('commit', '-q', '-m', 'topic work');
  git('checkout', '-q', 'main');
  return { dir, git };
}

describe('Git.mergedInto', () => {
  it('is null while the branch is not in the base, and for a branch that does not exist', () => {
    const { dir } = repo();
    expect(new Git(dir).mergedInto('topic', 'main')).toBeNull();
    expect(new Git(dir).mergedInto('nope', 'main')).toBeNull();
  });

  it('finds the merge commit that brought the branch in, even after the base moved on', () => {
    const { dir, git } = repo();
    git('merge', '--no-ff', '-q', '-m', 'Merge topic', 'topic');
    const merge = git('rev-parse', 'HEAD');
    writeFileSync(join(dir, 'c.txt'), 'c\n');
    git('add', '.');
    git('commit', '-q', '-m', 'later');
    expect(git('rev-parse', 'HEAD')).not.toBe(merge);
    expect(new Git(dir).mergedInto('topic', 'main')).toEqual({ commit: merge, fastForward: false });
  });

  it('names the branch tip when the base took it by a fast-forward', () => {
    const { dir, git } = repo();
    git('merge', '--ff-only', '-q', 'topic');
    expect(new Git(dir).mergedInto('topic', 'main')).toEqual({
      commit: git('rev-parse', 'topic'),
      fastForward: true,
    });
  });
});

import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/index.js';
import { Git } from '../../../src/ports/git/git.js';
import { tempDir } from '../../helpers/cli.js';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isPtError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('Git keeps to its repository and never takes a value for an option', () => {
  it('commitFiles writes none of the files when one would go through a link out of the repository', () => {
    const dir = tempDir('pt-git-');
    const outside = tempDir('pt-outside-');
    const git = new Git(dir);
    git.init();
    symlinkSync(outside, join(dir, 'linked'), 'dir');
    expect(
      code(() =>
        git.commitFiles(
          [
            { path: 'README.md', content: 'x\n' },
            { path: 'linked/evil.md', content: 'x\n' },
          ],
          'm',
        ),
      ),
    ).toBe('path/outside-workspace');
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(dir, 'README.md'))).toBe(false);
  });

  it('refuses revisions and branches that start with "-"', () => {
    const dir = tempDir('pt-git-');
    const git = new Git(dir);
    git.init();
    git.commitEmpty('first');
    expect(code(() => git.checkoutNew('b', '--orphan=x'))).toBe('git/bad-ref');
    expect(code(() => git.checkout('-f'))).toBe('git/bad-ref');
    expect(code(() => git.branchExists('--all'))).toBe('git/bad-ref');
    expect(code(() => git.messages('--output=/tmp/x'))).toBe('git/bad-ref');
    expect(code(() => git.mergedInto('main', '--all'))).toBe('git/bad-ref');
    expect(code(() => git.show('--output=x', 'a'))).toBe('git/bad-ref');
    expect(code(() => git.mergeNoFastForward('-X', 'm'))).toBe('git/bad-ref');
    expect(git.currentBranch()).toBe('main');
  });
});

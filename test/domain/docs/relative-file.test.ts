import { relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeFile, toPosix } from '../../../src/domain/docs/index.js';

// relativeFile cuts a walked path off its root instead of resolving both; it must say what
// path.relative says, whatever the root looks like.
describe('relativeFile', () => {
  const part = fc.constantFrom('a', 'docs', 'b.md', '..', '.', '', 'x y', '.a');
  const path = fc
    .tuple(fc.constantFrom('/', '', './'), fc.array(part, { maxLength: 5 }))
    .map(([lead, p]) => lead + p.join('/'));

  it('agrees with path.relative', () => {
    fc.assert(
      fc.property(path, path, (root, tail) => {
        for (const p of [root + tail, tail]) expect(relativeFile(root, p)).toBe(toPosix(relative(root, p)));
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts a path under a plain root', () => {
    expect(relativeFile('/ws', '/ws/docs/specs/SPEC-0001-a.md')).toBe('docs/specs/SPEC-0001-a.md');
    expect(relativeFile('/ws/', '/ws/docs/a.md')).toBe('docs/a.md');
    expect(relativeFile('/ws', '/wsx/a.md')).toBe('../wsx/a.md');
  });
});

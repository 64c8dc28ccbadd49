import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/kernel/index.js';
import { markReady, mergePull, resolvedIssues } from '../../../src/app/workflow/pull-request.js';
import { MemoryForge } from '../../helpers/memory-forge.js';

describe('resolvedIssues', () => {
  it("reads GitHub's closing keywords in any case, with or without a colon", () => {
    expect(
      resolvedIssues([
        'Resolves #2\n\nfixes: #7, Closed #3',
        'close #11 and FIX #12; resolved #13 (see #14)',
        'Closing #15 is not a keyword; nor is prefix#16 or Resolves#17',
      ]),
    ).toEqual([2, 3, 7, 11, 12, 13]);
  });
});

describe('on a forge that merges by itself', () => {
  it('refuses with how to do it there, before touching anything', async () => {
    const forge = new MemoryForge('acme/widgets');
    await forge.createPullRequest({ title: 't', body: 'Resolves #1', head: 'h', base: 'main', draft: true });
    const app = { cwd: '/nowhere', ws: { root: '/nowhere' } } as unknown as App;
    await expect(mergePull(app, forge, 1)).rejects.toMatchObject({ code: 'pr/not-local', exit: 2 });
    await expect(markReady(forge, 1)).rejects.toMatchObject({
      code: 'pr/not-local',
      hint: 'gh pr ready 1; then papertrail next',
    });
    expect(forge.writes).toEqual(['createPullRequest h']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/app/workflow/plan/index.js';
import { desiredPlan } from '../../../src/domain/plan/index.js';
import { GitHubForge } from '../../../src/ports/forge/github.js';
import { type ForgePort, LocalForge } from '../../../src/ports/forge/index.js';
import { openStore, type Store } from '../../../src/ports/store/index.js';
import { startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';
import { MemoryForge } from '../../helpers/memory-forge.js';
import { SPEC, spec as seedSpec } from '../../helpers/seed-spec.js';
import { backends } from '../store/backends.js';

// One behaviour, every adapter: what plan, next and implement rely on holds for the in-memory forge,
// the local forge on embedded PGlite, and the local forge on a real Postgres.
const spec = seedSpec();

/** Reports check `name` on branch `x`: running (null) or completed with a conclusion, the forge's own way. */
type Report = (name: string, conclusion: string | null) => Promise<void>;
type Make = () => Promise<{ forge: ForgePort; done: () => Promise<void>; report: Report }>;
const adapters: [string, boolean, Make][] = [
  [
    'memory',
    true,
    async () => {
      const forge = new MemoryForge('github/runner-infra');
      const report: Report = async (name, conclusion) =>
        forge.setCheck('x', {
          name,
          status: conclusion ? 'completed' : 'in_progress',
          conclusion,
          ...(conclusion ? { completedAt: new Date().toISOString() } : {}),
          source: 'check-run',
        });
      return { forge, done: async () => {}, report };
    },
  ],
  [
    'github (fake)',
    true,
    async () => {
      // github/runner-infra with `main` and a branch `x` one commit ahead, for the pull request.
      const fake = await startFakeGitHub({ login: 'github' });
      const o = fakeOctokit(fake);
      const r = { owner: 'github', repo: 'runner-infra' };
      await o.rest.repos.createForAuthenticatedUser({ name: r.repo, auto_init: true });
      const main = (await o.rest.git.getRef({ ...r, ref: 'heads/main' })).data.object.sha;
      const tree = (await o.rest.git.getCommit({ ...r, commit_sha: main })).data.tree.sha;
      const x = await o.rest.git.createCommit({ ...r, message: 'x', tree, parents: [main] });
      await o.rest.git.createRef({ ...r, ref: 'refs/heads/x', sha: x.data.sha });
      const forge = await GitHubForge.open({
        repo: 'github/runner-infra',
        token: fake.token,
        baseUrl: fake.url,
        paceWrites: false,
        retryAfterBaseMs: 1,
      });
      // Check runs as GitHub Actions reports them: a new run of a name supersedes the last.
      const report: Report = async (name, conclusion) => {
        await o.rest.checks.create({
          ...r,
          name,
          head_sha: x.data.sha,
          status: conclusion ? 'completed' : 'in_progress',
          ...(conclusion ? { conclusion: conclusion as 'success' } : {}),
        });
      };
      return {
        forge,
        done: async () => {
          await fake.close();
          expect(fake.violations).toEqual([]);
        },
        report,
      };
    },
  ],
];
for (const b of await backends('forge contract')) {
  adapters.push([
    `local (${b.name})`,
    b.available,
    async () => {
      const target = await b.fresh();
      const store: Store = await openStore(target.opts);
      const forge = await LocalForge.open(store.db, 'github/runner-infra');
      // A command run: recorded in progress, then completed with its conclusion.
      const report: Report = async (name, conclusion) => {
        const run = await forge.startCheck({ name, ref: 'x', sha: null, command: 'true' });
        if (conclusion)
          await forge.finishCheck(run.id, {
            conclusion: conclusion as 'success',
            exitCode: conclusion === 'success' ? 0 : 1,
            output: '',
          });
      };
      return {
        forge,
        report,
        done: async () => {
          await store.close();
          await target.cleanup();
        },
      };
    },
  ]);
}

describe.each(adapters)('forge contract: %s', (_name, available, make) => {
  let done: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await done?.();
    done = undefined;
  });

  it.skipIf(!available)(
    'numbers issues and pull requests from one sequence and keeps labels, links and states',
    async () => {
      const m = await make();
      done = m.done;
      const f = m.forge;
      await f.createLabel({ name: 'spec:SPEC-0001', color: '7057ff', description: 'd' });
      const a = await f.createIssue({ title: 'A', body: 'a', labels: ['spec:SPEC-0001'] });
      const b = await f.createIssue({ title: 'B', body: 'b', labels: ['spec:SPEC-0001', 'brand-new'] });
      const pr = await f.createPullRequest({ title: 'P', body: 'p', head: 'x', base: 'main', draft: true });
      expect([a.number, b.number, pr.number]).toEqual([1, 2, 3]);
      expect(b.labels.sort()).toEqual(['brand-new', 'spec:SPEC-0001']);
      expect(a.id).not.toBe(b.id);
      await f.addSubIssue(a.number, b);
      await f.addBlockedBy(b.number, a);
      expect(await f.listSubIssues(a.number)).toEqual([2]);
      expect(await f.listBlockedBy(b.number)).toEqual([1]);
      await f.removeBlockedBy(b.number, a);
      expect(await f.listBlockedBy(b.number)).toEqual([]);
      // A link already gone is what was asked for (a retry whose first answer was lost).
      await f.removeBlockedBy(b.number, a);
      await f.addBlockedBy(b.number, a);
      expect(await f.listBlockedBy(b.number)).toEqual([1]);
      const closed = await f.updateIssue(a.number, { state: 'closed', stateReason: 'not_planned' });
      expect(closed).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
      expect((await f.listIssues({ label: 'spec:SPEC-0001' })).map((i) => i.number)).toEqual([1, 2]);
      expect(await f.listPullRequests()).toMatchObject([{ number: 3, draft: true, head: 'x' }]);
      await expect(f.updateIssue(99, { title: 'x' })).rejects.toMatchObject({ code: 'forge/not-found' });
      await expect(f.addBlockedBy(99, a)).rejects.toMatchObject({ code: 'forge/not-found' });
      await expect(f.addSubIssue(99, a)).rejects.toMatchObject({ code: 'forge/not-found' });
    },
  );

  it.skipIf(!available)(
    'answers every capability: what its forge does not do is refused with forge/unsupported',
    async () => {
      const m = await make();
      done = m.done;
      const f = m.forge;
      const a = await f.createIssue({ title: 'A', body: 'a', labels: [] });
      const pr = await f.createPullRequest({ title: 'P', body: 'p', head: 'x', base: 'main', draft: true });
      expect(await f.batch(async () => f.listBlockedBy(a.number))).toEqual([]);
      const links = await f.listLinks();
      if (links) expect([...links.subIssues, ...links.blockedBy]).toEqual([]);
      const refused = { code: 'forge/unsupported' };
      if (f.review === 'papertrail') {
        expect(await f.markReady(pr.number)).toMatchObject({ number: pr.number, draft: false });
        expect(await f.recordMerge(pr.number)).toMatchObject({ state: 'closed', merged: true });
      } else {
        await expect(f.markReady(pr.number)).rejects.toMatchObject(refused);
        await expect(f.recordMerge(pr.number)).rejects.toMatchObject(refused);
      }
      if (f.branches === 'workspace')
        await expect(f.startBranch('y', 'main', 'y')).rejects.toMatchObject(refused);
      else {
        expect(await f.startBranch('y', 'main', 'y')).toMatch(/^[0-9a-f]{40}$/);
        expect(await f.startBranch('y', 'main', 'y')).toBeNull();
      }
    },
  );

  it.skipIf(!available)(
    'plans seed 000 as #1–#4 with #4 blocked by #2 and #3, and a re-plan writes nothing',
    async () => {
      const m = await make();
      done = m.done;
      const r = await applyPlan(m.forge, desiredPlan(spec, []));
      expect(r.rows.map((x) => [x.number, x.title, x.blockedBy])).toEqual([
        [1, '[SPEC-0001] Runner Infrastructure', []],
        [2, '[REQ] Auto-Scaling', []],
        [3, '[REQ] Security Isolation', []],
        [4, '[REQ] Monitoring', [2, 3]],
      ]);
      expect(await m.forge.listBlockedBy(4)).toEqual([2, 3]);
      expect((await applyPlan(m.forge, desiredPlan(spec, []))).writes).toBe(0);
    },
  );

  it.skipIf(!available)(
    're-plans a spec that dropped a dependency: the link goes, a dry run first only predicts it',
    async () => {
      const m = await make();
      done = m.done;
      await applyPlan(m.forge, desiredPlan(spec, []));
      const fewer = desiredPlan(
        seedSpec(
          SPEC.replace('**Depends on:** Auto-Scaling, Security Isolation', '**Depends on:** Auto-Scaling'),
        ),
        [],
      );
      const dry = await applyPlan(m.forge, fewer, { dryRun: true });
      expect(dry.links.removed).toEqual([{ issue: 4, blocker: 3 }]);
      expect(await m.forge.listBlockedBy(4)).toEqual([2, 3]);
      const r = await applyPlan(m.forge, fewer);
      expect(r.links.removed).toEqual([{ issue: 4, blocker: 3 }]);
      expect(r.writes).toBe(dry.writes);
      expect(await m.forge.listBlockedBy(4)).toEqual([2]);
      expect((await applyPlan(m.forge, fewer)).writes).toBe(0);
    },
  );

  it.skipIf(!available)('lists the latest run of each check of a ref, by name', async () => {
    const m = await make();
    done = m.done;
    const f = m.forge;
    expect(await f.listChecks('x')).toEqual([]);
    await m.report('test', null);
    await m.report('build', 'success');
    const first = await f.listChecks('x');
    expect(first.map((c) => [c.name, c.status, c.conclusion, c.source])).toEqual([
      ['build', 'completed', 'success', 'check-run'],
      ['test', 'in_progress', null, 'check-run'],
    ]);
    // A new run of a name supersedes the last, a run left in progress included.
    await m.report('test', 'failure');
    await m.report('build', null);
    const second = await f.listChecks('x');
    expect(second.map((c) => [c.name, c.status, c.conclusion])).toEqual([
      ['build', 'in_progress', null],
      ['test', 'completed', 'failure'],
    ]);
    expect(second[1]!.completedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await f.listChecks('main')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { type App, withStore } from '../../../src/app/kernel/index.js';
import { EventLog } from '../../../src/app/ops/event-log.js';
import { runVariables } from '../../../src/app/ops/execute.js';
import { type OpsDeps, showRun, startRun } from '../../../src/app/ops/index.js';
import { openPullStep } from '../../../src/app/ops/pr-step.js';
import type { StoredPlan } from '../../../src/app/ops/view.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { getRun } from '../../../src/ports/store/index.js';
import { eachGitHubWorkspace } from './github.js';
import { backendsAvailable } from './workspace.js';

const names = await backendsAvailable('ops runs on GitHub');
const deps: OpsDeps = await opsDeps();
const REQUEST = { template: 'spec', input: ['payment processing'], actor: 'Ana' };
const BUNDLE = ['constitution.md', 'plan.md', 'prd.md', 'tasks.md'].map(
  (f) => `spec/payment-processing/${f}`,
);

/** The spec template's pull-request step run again for run `id`, in a session of its own. */
function resumeOpenPr(app: App, id: string) {
  return withStore(
    app,
    async ({ x, forge }) => {
      const run = (await getRun(x.db, id))!;
      const plan = run.plan as StoredPlan;
      const step = plan.phases.flatMap((p) => p.steps).find((s) => s.kind === 'pr')!;
      if (step.kind !== 'pr') throw new Error('the spec template has a pr step');
      const log = new EventLog(x.db, run.id);
      const c = {
        app,
        x,
        forge,
        run,
        plan,
        vars: runVariables(run, app.today),
        env: {},
        log,
        deps,
        actor: 'Ana',
      };
      const opened = await openPullStep({ ...c, signal: new AbortController().signal }, step.pr, plan.checks);
      await log.flush();
      return opened;
    },
    { forge: true },
  );
}

describe.each(names)('ops runs on GitHub, store %s', (backend) => {
  const open = eachGitHubWorkspace();

  it('a spec run commits the bundle on a branch through the API and opens a pull request, gates pending', async () => {
    const { w, gh } = await open(backend);
    const r = await startRun(w.as('Ana'), REQUEST, deps);
    expect(r.run.status).toBe('success');
    const branch = `ops/spec-payment-processing-${r.run.short}`;
    const files = await gh.files(branch);
    expect(Object.keys(files).filter((p) => p.startsWith('spec/'))).toEqual(BUNDLE);
    expect(files['spec/payment-processing/prd.md']).toContain('# PRD: payment processing');
    const [pr, checks] = r.run.artifacts;
    expect(pr).toMatchObject({ kind: 'link', title: 'Pull Request' });
    expect(pr!.value).toMatch(/^https?:\/\/.+\/acme\/shop\/pull\/1$/);
    expect(checks).toMatchObject({ kind: 'link', title: 'Checks', value: `${pr!.value}/checks` });
    const head = gh.fake.state.repo('acme', 'shop')!.refs.get(`refs/heads/${branch}`);
    expect(r.run.gates.map((g) => [g.name, g.status, g.details])).toEqual([
      ['CI: Tests', 'pending', { pr: 1, head: branch, sha: head, check: 'Tests' }],
      ['CI: Lint', 'pending', { pr: 1, head: branch, sha: head, check: 'Lint' }],
    ]);
    // Nothing was committed in the workspace: the branch lives on GitHub only.
    expect(w.git('branch', '--list', branch)).toBe('');
  }, 180_000);

  it('a second attempt after a crash between the commit and the pull request reuses the branch', async () => {
    const { w, gh } = await open(backend);
    gh.fake.fail({ status: 'network', method: 'POST', path: '/repos/acme/shop/pulls' });
    const app = w.as('Ana');
    const first = await startRun(app, REQUEST, deps);
    expect(first.run.status).toBe('error');
    expect(first.run.gates).toEqual([]);
    expect(first.run.artifacts).toEqual([]);
    const branch = `ops/spec-payment-processing-${first.run.short}`;
    const refs = gh.fake.state.repo('acme', 'shop')!.refs;
    const committed = refs.get(`refs/heads/${branch}`);
    expect(committed).toBeDefined();
    const writes = () => gh.fake.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);
    const before = writes().length;

    // The step again, for the same run, as a resumed attempt runs it.
    const again = await resumeOpenPr(app, first.run.id);
    expect(again.sha).toBe(committed);
    expect(refs.get(`refs/heads/${branch}`)).toBe(committed);
    // Writing the same tree again is GitHub's no-op; no commit is made, the branch is not moved.
    expect(writes().slice(before)).toEqual([
      'POST /repos/acme/shop/git/trees',
      'POST /repos/acme/shop/pulls',
    ]);
    const after = await showRun(app, first.run.id);
    expect(after.gates.map((g) => [g.name, (g.details as { sha: string }).sha])).toEqual([
      ['CI: Tests', committed],
      ['CI: Lint', committed],
    ]);
    // Once more: the pull request is found, not opened again, and nothing is written.
    const third = await resumeOpenPr(app, first.run.id);
    expect(third.number).toBe(again.number);
    expect(
      writes()
        .slice(before)
        .filter((c) => c.endsWith('/pulls')),
    ).toEqual(['POST /repos/acme/shop/pulls']);
    expect(
      writes()
        .slice(before)
        .filter((c) => /git\/(commits|refs)/.test(c)),
    ).toEqual([]);
  }, 180_000);
});

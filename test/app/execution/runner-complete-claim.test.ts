import { afterEach, describe, expect, it } from 'vitest';
import {
  type ExecutorOps,
  executorOps,
  runExecutor,
  workSchedule,
} from '../../../src/app/execution/index.js';
import { workflowOf } from '../../../src/app/execution/workflow-of.js';
import { withStore } from '../../../src/app/kernel/index.js';
import { readAudit } from '../../../src/ports/store/index.js';
import { artifacts, backendsAvailable, type Planned, planned } from './workspace.js';

// `work run` completes an attempt and claims its next one in one transaction (completeAndClaim). It
// must do what completing and then claiming did: the same attempts in the same order, the same
// artifacts and audit records, the same refusal of a stale token.
const names = await backendsAvailable('complete and claim');
const ran = { exitCode: 0, signal: null, durationMs: 5, output: '' };

/** What a workspace's store holds after a run, in order, ids left out. */
async function kept(p: Planned) {
  const types = await withStore(p.app, async (s) => {
    const out: string[] = [];
    for (let seq = 0; ; ) {
      const page = await readAudit(s.x, seq, 500);
      if (!page.length) return out;
      out.push(...page.map((r) => `${r.type} ${r.actor}`));
      seq = page.at(-1)!.seq;
    }
  });
  const arts = (await artifacts(p.app)).map((a) => `${a.eventType} #${a.issue} ${a.step}`);
  return { types, arts };
}

describe.each(names)('complete and claim on %s', (backend) => {
  const open: Planned[] = [];
  afterEach(async () => {
    for (const p of open.splice(0)) await p.cleanup();
  });
  const fresh = async () => {
    const p = await planned(backend);
    open.push(p);
    await workSchedule(p.app);
    return p;
  };

  it('claims what a claim right after the completion would, with its artifact and records', async () => {
    // One workspace after the other: on Postgres the store is the newest workspace's database.
    const p = await fresh();
    const ops = executorOps(p.app);
    const a = (await ops.claim('agent-1', 60_000))!;
    await ops.complete(a, ran);
    const expected = await ops.claim('agent-1', 60_000);
    const before = await kept(p);
    const q = await fresh();
    const opsQ = executorOps(q.app);
    const aq = (await opsQ.claim('agent-1', 60_000))!;
    const r = await opsQ.completeAndClaim!(aq, ran, 'agent-1', 60_000);
    expect(expected).not.toBeNull();
    expect(r).toEqual({ next: expected });
    expect(await kept(q)).toEqual(before);
  });

  it('refuses a stale token and claims nothing', async () => {
    const p = await fresh();
    const ops = executorOps(p.app);
    const a = (await ops.claim('agent-1', 60_000))!;
    const before = await kept(p);
    await expect(
      ops.completeAndClaim!({ ...a, token: a.token + 1 }, ran, 'agent-1', 60_000),
    ).rejects.toMatchObject({
      code: 'work/stale-token',
    });
    expect(await kept(p)).toEqual(before);
  });

  it('runs the loop to the same end as completing then claiming, claiming apart only after CI gates', async () => {
    const run = async (pl: Planned, ops: ExecutorOps) => {
      const events: string[] = [];
      let claims = 0;
      const summary = await runExecutor(
        {
          ...ops,
          claim: (e, ms) => {
            claims++;
            return ops.claim(e, ms);
          },
        },
        {
          executor: 'agent-1',
          command: 'true',
          leaseMs: 60_000,
          idleMs: 0,
          untilIdle: true,
          cwd: pl.repo,
          onEvent: (e) => {
            if (e.type === 'claimed' || e.type === 'completed')
              events.push(`${e.type} #${e.issue} ${e.stepKey}`);
          },
        },
      );
      return { summary, events, claims };
    };
    const p = await fresh();
    const { completeAndClaim: _, ...separate } = executorOps(p.app);
    const before = await run(p, separate);
    const keptBefore = await kept(p);
    const q = await fresh();
    const after = await run(q, executorOps(q.app));
    expect(before.summary.completed).toBeGreaterThan(1);
    expect(after.summary).toEqual(before.summary);
    expect(after.events).toEqual(before.events);
    expect(await kept(q)).toEqual(keptBefore);
    // Completing then claiming: every claim, and one that found nothing. With the claim made by the
    // completion: the first, and one after each step with a CI gate (its checks may queue work).
    const ciGated = new Set(
      workflowOf(q.app)
        .steps.filter((st) => st.gates?.some((g) => g.kind === 'ci-checks'))
        .map((st) => st.key),
    );
    const afterCi = after.events.filter((e) => e.startsWith('completed') && ciGated.has(e.split(' ')[2]!));
    expect(before.claims).toBe(before.summary.claimed + 1);
    expect(after.claims).toBe(1 + afterCi.length);
    expect(after.claims).toBeLessThan(before.summary.claimed);
  });
});

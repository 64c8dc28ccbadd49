import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  addWorkItem,
  claimAttempt,
  enqueueAttempt,
  expireLeases,
  heartbeat,
  inTransaction,
} from '../../../src/ports/store/index.js';
import { backends } from './backends.js';
import { freshStores } from './execution-helpers.js';

// A heartbeat moves only the lease, which no index holds: the update stays on its page and writes no
// index entry (HOT), while expiring leases still finds the running attempts.
const suites = await backends('attempt leases');
const PLAN = 'acme/widgets';

describe.each(suites)('attempt leases on $name', ({ name, available, fresh }) => {
  const openFresh = freshStores({ name, fresh });

  it.skipIf(!available)('renews a lease without touching an index, and still expires it', async () => {
    const { s, x } = await openFresh();
    for (let i = 1; i <= 20; i++) {
      const w = await addWorkItem(x, { planKey: PLAN, issueNumber: i, workflowRef: 'wf@1', actor: 'lead' });
      await enqueueAttempt(x, { workItemId: w.id, stepKey: 'implement', sortKey: [i], actor: 'lead' });
    }
    const a = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
    // This connection's counts not yet reported (the claim's too): the heartbeats are the difference.
    const updates = await inTransaction(s.db, async (tx) => {
      const counts = async () => {
        const { rows } = await sql<{ upd: number; hot: number }>`
          select n_tup_upd::integer as upd, n_tup_hot_upd::integer as hot
          from pg_stat_xact_user_tables where relname = 'attempts'`.execute(tx);
        return rows[0] ?? { upd: 0, hot: 0 };
      };
      const before = await counts();
      for (let i = 0; i < 5; i++)
        await heartbeat({ ...x, db: tx }, { attemptId: a.id, token: a.fencing_token!, leaseMs: 60_000 + i });
      const after = await counts();
      return { upd: after.upd - before.upd, hot: after.hot - before.hot };
    });
    expect(updates).toEqual({ upd: 5, hot: 5 });
    await heartbeat(x, { attemptId: a.id, token: a.fencing_token!, leaseMs: 1 });
    await new Promise((r) => setTimeout(r, 20));
    const expired = await expireLeases(x, { actor: 'sweeper' });
    expect(expired.map((e) => e.failed.id)).toEqual([a.id]);
  });

  it.skipIf(!available)('refuses a fencing token shared by two running attempts', async () => {
    const { s, x } = await openFresh();
    for (let i = 1; i <= 2; i++) {
      const w = await addWorkItem(x, { planKey: PLAN, issueNumber: i, workflowRef: 'wf@1', actor: 'lead' });
      await enqueueAttempt(x, { workItemId: w.id, stepKey: 'implement', sortKey: [i], actor: 'lead' });
    }
    const claim = () => claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 });
    const [a, b] = [(await claim())!, (await claim())!];
    const share = sql`update attempts set fencing_token = ${a.fencing_token} where id = ${b.id}`;
    await expect(share.execute(s.db)).rejects.toThrow(/attempts_running/);
  });
});

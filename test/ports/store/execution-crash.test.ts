import { afterEach, describe, expect, it } from 'vitest';
import { claimAttempt, completeAttempt, openStore, type Store } from '../../../src/ports/store/index.js';
import { type HeldStore, kill9, startChild } from './child.js';
import { allAudit, execOf, verifyStored } from './execution-helpers.js';
import { freshDataDir, removeDataDir } from './pglite-template.js';

delete process.env.DATABASE_URL;

describe('execution store killed mid-claim', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const children: HeldStore[] = [];

  afterEach(async () => {
    for (const c of children.splice(0)) await kill9(c);
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) removeDataDir(d);
  });

  it('keeps what committed, loses the claim it died inside, and the chain still verifies', async () => {
    const dir = await freshDataDir({ migrated: true });
    dirs.push(dir);
    const child = await startChild('exec-crash', [dir]);
    children.push(child);
    await kill9(child);

    const s = await openStore({ dataDir: dir });
    stores.push(s);
    const attempts = await s.db
      .selectFrom('attempts')
      .select(['step_key', 'status', 'executor_id'])
      .orderBy('id')
      .execute();
    // The uncommitted claim left no trace: the attempt is queued again, with no executor.
    expect(attempts).toEqual([
      { step_key: 'a', status: 'completed', executor_id: 'agent-1' },
      { step_key: 'b', status: 'queued', executor_id: null },
    ]);
    expect((await allAudit(s)).map((r) => r.type)).toEqual([
      'work-item-added',
      'attempt-queued',
      'attempt-queued',
      'attempt-claimed',
      'attempt-completed',
    ]);
    expect(await verifyStored(s)).toMatchObject({ ok: true, length: 5 });

    // And another executor picks the step up and the chain goes on from the same head.
    const x = execOf(s);
    const c = (await claimAttempt(x, { planKey: 'acme/widgets', executorId: 'agent-2', leaseMs: 60_000 }))!;
    expect(c.step_key).toBe('b');
    await completeAttempt(x, { attemptId: c.id, token: c.fencing_token! });
    expect(await verifyStored(s)).toMatchObject({ ok: true, length: 7 });
  });
});

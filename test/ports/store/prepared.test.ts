import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  addWorkItem,
  claimAttempt,
  completeAttempt,
  type ExecDb,
  enqueueAttempt,
  heartbeat,
  type Store,
} from '../../../src/ports/store/index.js';
import { backends } from './backends.js';
import { freshStores, verifyStored } from './execution-helpers.js';

// On a Postgres server the executor's statements are prepared once per connection. A migration that
// changes a table they read must not leave a connection whose prepared copy fails.
const suites = (await backends('prepared statements')).filter((b) => b.name === 'postgres');
const PLAN = 'acme/widgets';

async function queue(x: ExecDb, issue: number): Promise<void> {
  const w = await addWorkItem(x, { planKey: PLAN, issueNumber: issue, workflowRef: 'wf@1', actor: 'lead' });
  await enqueueAttempt(x, { workItemId: w.id, stepKey: 'implement', sortKey: [issue], actor: 'lead' });
}

/** Claims, renews and completes the next attempt; statements run one at a time reuse one connection. */
async function cycle(x: ExecDb) {
  const a = await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 });
  expect(a).not.toBeNull();
  await heartbeat(x, { attemptId: a!.id, token: a!.fencing_token!, leaseMs: 60_000 });
  return completeAttempt(x, { attemptId: a!.id, token: a!.fencing_token!, exitCode: 0 });
}

async function preparedNames(s: Store): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(s.db);
  return rows.map((r) => r.name);
}

describe.each(suites)('prepared statements on $name', ({ name, available, fresh }) => {
  const openFresh = freshStores({ name, fresh });

  it.skipIf(!available)('prepares the executor statements once per connection', async () => {
    const { s, x } = await openFresh();
    for (let i = 1; i <= 2; i++) await queue(x, i);
    await cycle(x);
    await cycle(x);
    const names = await preparedNames(s);
    for (const label of ['claim_recorded', 'heartbeat', 'complete'])
      expect(names.filter((n) => n.startsWith(`pt_${label}_`))).toHaveLength(1);
  });

  it.skipIf(!available)('keeps working after a migration adds a column or changes a type', async () => {
    const { s, x } = await openFresh();
    for (let i = 1; i <= 3; i++) await queue(x, i);
    await cycle(x);
    expect((await preparedNames(s)).some((n) => n.startsWith('pt_complete_'))).toBe(true);
    await sql`alter table attempts add column note text`.execute(s.db);
    const done = await cycle(x);
    expect(done.status).toBe('completed');
    expect(done).not.toHaveProperty('note');
    // A type the statements return changed: the prepared copy is refused, run unnamed instead, and its
    // connection is not reused.
    await sql`alter table attempts alter column exit_code type bigint`.execute(s.db);
    expect((await cycle(x)).exit_code).toBe(0);
    expect((await verifyStored(s)).ok).toBe(true);
  });
});

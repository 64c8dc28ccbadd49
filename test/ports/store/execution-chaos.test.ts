import { afterAll, describe, expect, it } from 'vitest';
import { ChainVerifier } from '../../../src/domain/execution/index.js';
import {
  addWorkItem,
  enqueueAttempt,
  expireLeases,
  inTransaction,
  openStore,
  readAudit,
  type Store,
  verifyStoredAudit,
} from '../../../src/ports/store/index.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../../helpers/postgres.js';
import { type HeldStore, kill9, startChild } from './child.js';
import { execOf } from './execution-helpers.js';

// Chaos on Postgres: executor processes claim and complete one-step attempts while the test kills
// random ones with SIGKILL (mid-claim, mid-completion, anywhere) and starts new ones, and a sweeper
// expires the leases of the dead and queues their steps again. At the end every item is completed
// exactly once, no step ever had two running attempts, no token was handed out twice, nothing is
// lost, and the audit chain verifies. Scaled for CI here; bench/chaos.mjs runs the full size
// (PT_CHAOS_ITEMS, PT_CHAOS_EXECUTORS, PT_CHAOS_KILLS).
const ITEMS = Number(process.env.PT_CHAOS_ITEMS ?? 200);
const EXECUTORS = Number(process.env.PT_CHAOS_EXECUTORS ?? 4);
const KILLS = Number(process.env.PT_CHAOS_KILLS ?? 6);
const LEASE_MS = 1_000;
const PLAN = 'acme/chaos';
const pgOk = await postgresAvailable('execution chaos (needs Postgres: executors in several processes)');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Facts {
  attempt: number;
  workItem: number;
  step: string;
  token?: number;
}

describe('execution store under chaos (Postgres)', () => {
  afterAll(() => dropTestDatabases());

  it.skipIf(!pgOk)(
    `completes ${ITEMS} items exactly once with ${EXECUTORS} executors, ${KILLS} of them killed`,
    async () => {
      const db = await createTestDatabase();
      const s: Store = await openStore({ url: db.url });
      const x = execOf(s);
      const children = new Set<HeldStore>();
      let started = 0;
      let stale = 0;
      const start = async () => {
        const c = await startChild('exec-worker', [db.url, PLAN, `agent-${++started}`, String(LEASE_MS)]);
        c.child.stdout!.on('data', (d: Buffer) => {
          stale += d
            .toString()
            .split('\n')
            .filter((l) => l.startsWith('stale ')).length;
        });
        children.add(c);
      };
      try {
        await inTransaction(s.db, async (tx) => {
          for (let i = 1; i <= ITEMS; i++) {
            const w = await addWorkItem(
              { ...x, db: tx },
              { planKey: PLAN, issueNumber: i, workflowRef: 'wf-requirement@1.0.0', actor: 'lead' },
            );
            await enqueueAttempt(
              { ...x, db: tx },
              { workItemId: w.id, stepKey: 'implement', sortKey: [i], actor: 'lead' },
            );
          }
        });
        await Promise.all(Array.from({ length: EXECUTORS }, start));

        const completed = async () =>
          Number(
            (
              await s.db
                .selectFrom('attempts')
                .select((e) => e.fn.countAll().as('n'))
                .where('status', '=', 'completed')
                .executeTakeFirstOrThrow()
            ).n,
          );
        const retry = { maxAttempts: 1_000, backoffMs: 0, maxBackoffMs: 0 };
        let kills = 0;
        let expired = 0;
        // Kills spread over the first part of the run, then the sweeper and executors finish it.
        const killEvery = Math.max(20, Math.floor((ITEMS * 4) / KILLS));
        for (let tick = 0; ; tick++) {
          await sleep(killEvery);
          expired += (await expireLeases(x, { retry, actor: 'sweeper' })).length;
          if (kills < KILLS) {
            const victims = [...children];
            const victim = victims[Math.floor(Math.random() * victims.length)]!;
            children.delete(victim);
            await kill9(victim);
            kills++;
            await start();
          } else if ((await completed()) === ITEMS) break;
          if (tick > 20_000) throw new Error('the chaos run did not finish');
        }
        for (const c of children) await kill9(c);
        children.clear();

        // Every item completed exactly once; nothing queued or running is left behind.
        const perItem = await s.db
          .selectFrom('attempts')
          .select(['work_item_id', 'status'])
          .where('status', 'in', ['completed', 'queued', 'running'])
          .execute();
        const done = new Map<number, number>();
        for (const a of perItem) {
          expect(a.status).toBe('completed');
          done.set(a.work_item_id, (done.get(a.work_item_id) ?? 0) + 1);
        }
        expect(done.size).toBe(ITEMS);
        expect([...done.values()].every((n) => n === 1)).toBe(true);

        // Replayed from the audit trail: never two running attempts of one step, never a token twice.
        const running = new Map<string, number>();
        const tokens = new Set<number>();
        let claims = 0;
        let doubles = 0;
        for (let after = 0; ; ) {
          const page = await readAudit(execOf(s), after, 5_000);
          if (!page.length) break;
          after = page[page.length - 1]!.seq;
          for (const r of page) {
            const f = r.data as Facts;
            const step = `${f.workItem}/${f.step}`;
            if (r.type === 'attempt-claimed') {
              claims++;
              if (running.has(step)) doubles++;
              running.set(step, f.attempt);
              expect(tokens.has(f.token!)).toBe(false);
              tokens.add(f.token!);
            } else if (['attempt-completed', 'attempt-failed', 'attempt-expired'].includes(r.type)) {
              expect(running.get(step)).toBe(f.attempt);
              running.delete(step);
            }
          }
        }
        expect(doubles).toBe(0);
        expect(running.size).toBe(0);
        expect(claims).toBeGreaterThanOrEqual(ITEMS);
        expect(kills).toBeGreaterThanOrEqual(KILLS);

        const audit = await verifyStoredAudit(execOf(s), { verifier: (h) => new ChainVerifier(h) });
        expect(audit).toMatchObject({ ok: true });
        console.log(
          `chaos: ${ITEMS} items, ${started} executor processes (${kills} killed), ${claims} claims, ` +
            `${expired} leases expired, ${stale} stale completions refused, ${audit.length} audit records verified`,
        );
      } finally {
        for (const c of children) await kill9(c);
        await s.close();
        await db.drop();
      }
    },
    600_000,
  );
});

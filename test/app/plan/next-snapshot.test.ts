import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, keptForgeReads, lendStore } from '../../../src/app/kernel/index.js';
import { findNextIssue } from '../../../src/app/workflow/plan/next.js';
import { nextFromReads, recordReads } from '../../../src/app/workflow/plan/next-snapshot.js';
import { LocalForge, readSnapshot, snapshotPlace, writeSnapshot } from '../../../src/ports/forge/index.js';
import { openStore, type Store } from '../../../src/ports/store/index.js';
import { freshDataDir, migratedTemplateDir, removeDataDir } from '../../ports/store/pglite-template.js';

// `next` from the snapshot against `next` from the store, after random sequences of the local forge's
// writes on a real embedded store: they must always agree. A `next` that finds no usable snapshot
// reads the store and keeps what it read, as the command does while it owns the store.

const SPEC = 'SPEC-0001';
const LABELS = [`spec:${SPEC}`, 'tracking', 'requirement', 'other'];

type Op =
  | { t: 'create'; labels: boolean[]; req: number | null }
  | { t: 'state'; i: number; closed: boolean }
  | { t: 'labels'; i: number; labels: boolean[] }
  | { t: 'body'; i: number; req: number | null }
  | { t: 'block'; i: number; j: number }
  | { t: 'unblock'; i: number; j: number }
  | { t: 'sub'; i: number; j: number }
  | { t: 'label'; color: string }
  | { t: 'batch'; ops: Op[] }
  | { t: 'next' };

const n = fc.nat(6);
const labelSet = fc.array(fc.boolean(), { minLength: 4, maxLength: 4 });
// Weighted towards what changes the answer (states, links) and towards `next` between writes.
const simple: fc.WeightedArbitrary<Op>[] = [
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('create' as const),
      labels: labelSet,
      req: fc.option(fc.nat(5), { nil: null }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('state' as const), i: n, closed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('labels' as const), i: n, labels: labelSet }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('body' as const), i: n, req: fc.option(fc.nat(5), { nil: null }) }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('block' as const), i: n, j: n }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('unblock' as const), i: n, j: n }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('sub' as const), i: n, j: n }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('label' as const), color: fc.constantFrom('ffffff', '000000') }),
  },
];
const op: fc.Arbitrary<Op> = fc.oneof(
  ...simple,
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('batch' as const),
      ops: fc.array(fc.oneof(...simple), { maxLength: 4 }),
    }),
  },
  { weight: 14, arbitrary: fc.constant({ t: 'next' as const }) },
);

const body = (req: number | null) =>
  req === null ? 'no marker' : `text\n\n<!-- papertrail:key=${SPEC}/REQ-00${req} sha=0a -->\n`;
const labelsOf = (on: boolean[]) => LABELS.filter((_, k) => on[k]);

/** An outcome to compare: the answer, or the error's code. */
async function outcome(f: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await f() };
  } catch (e) {
    return { err: (e as { code?: string }).code ?? String(e) };
  }
}

describe('next from the snapshot agrees with next from the store', () => {
  let dataDir: string;
  let store: Store;
  let repos = 0;
  beforeAll(async () => {
    dataDir = await freshDataDir({ migrated: true });
    store = await openStore({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    if (dataDir) removeDataDir(dataDir);
  });

  it('after any sequence of forge writes', async () => {
    let replayed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        // Each run its own repository of the one store: its own issues, and a snapshot of its own.
        const repo = `acme/r${++repos}`;
        const place = snapshotPlace(dataDir, repo);
        const forge = await LocalForge.open(store.db, repo, 'main', { snapshot: place.file });
        // A planned spec to start from (a tracking issue and three requirements), which the writes change.
        await forge.createIssue({ title: 'T', body: body(0), labels: [`spec:${SPEC}`, 'tracking'] });
        for (const req of [1, 2, 3])
          await forge.createIssue({
            title: `R${req}`,
            body: body(req),
            labels: [`spec:${SPEC}`, 'requirement'],
          });
        let count = 4;
        const pick = (i: number) => (count ? (i % count) + 1 : 1);
        // The issue a link names: the forge reads only its number (no write, no read of its own).
        const issue = (i: number) => ({
          number: pick(i),
          id: 0,
          title: '',
          body: '',
          state: 'open' as const,
          stateReason: null,
          labels: [],
        });
        const apply = async (o: Op): Promise<void> => {
          switch (o.t) {
            case 'create':
              await forge.createIssue({
                title: `I${count + 1}`,
                body: body(o.req),
                labels: labelsOf(o.labels),
              });
              count++;
              return;
            case 'state':
              await forge.updateIssue(pick(o.i), { state: o.closed ? 'closed' : 'open' });
              return;
            case 'labels':
              await forge.updateIssue(pick(o.i), { labels: labelsOf(o.labels) });
              return;
            case 'body':
              await forge.updateIssue(pick(o.i), { body: body(o.req) });
              return;
            case 'block':
              await forge.addBlockedBy(pick(o.i), issue(o.j));
              return;
            case 'unblock':
              await forge.removeBlockedBy(pick(o.i), issue(o.j));
              return;
            case 'sub':
              await forge.addSubIssue(pick(o.i), issue(o.j));
              return;
            case 'label':
              await forge.updateLabel({ name: 'requirement', color: o.color, description: '' });
              return;
            case 'batch':
              await forge.batch(async () => {
                for (const x of o.ops) await apply(x);
              });
              return;
            case 'next':
              return;
          }
        };
        for (const o of ops) {
          if (o.t !== 'next') {
            // Refusals (an unknown issue, a link twice) are part of the sequence: they write nothing.
            await apply(o).catch(() => {});
            count = await maxIssue(store, repo);
            continue;
          }
          const fromStore = await outcome(() => findNextIssue(forge, SPEC));
          const reads = readSnapshot(place);
          const kept = reads && (await outcome(() => nextFromReads(repo, reads, SPEC)));
          if (kept && (kept as { ok?: unknown }).ok !== null) {
            replayed++;
            expect(kept).toEqual(fromStore);
          } else {
            // No snapshot to answer from: read the store and keep what was read, as `next` does.
            const rec = recordReads(forge);
            const got = await outcome(() => findNextIssue(rec.forge, SPEC));
            expect(got).toEqual(fromStore);
            if ('ok' in (got as object)) writeSnapshot(place, rec.reads);
          }
        }
      }),
      { numRuns: 40 },
    );
    // The property compared answers from the snapshot, not only from the store.
    expect(replayed).toBeGreaterThan(10);
  }, 600_000);
});

async function maxIssue(store: Store, repo: string): Promise<number> {
  const [owner, name] = repo.split('/') as [string, string];
  const r = await store.db
    .selectFrom('forge_issues as i')
    .innerJoin('forge_repos as r', 'r.id', 'i.repo_id')
    .select(({ fn }) => fn.max('i.number').as('n'))
    .where('r.owner', '=', owner)
    .where('r.name', '=', name)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

describe('the snapshot is only for the local forge on the embedded store', () => {
  it('is not read on GitHub, on Postgres, with caches off or inside a run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pt-kept-'));
    try {
      const storeDir = join(root, '.papertrail', 'store');
      cpSync(await migratedTemplateDir(), storeDir, { recursive: true });
      const reads = { issues: { [`spec:${SPEC}`]: [] }, blockedBy: {} };
      writeSnapshot(snapshotPlace(storeDir, 'acme/app'), reads);
      const app = (forge: 'local' | 'github', repo = 'acme/app') =>
        ({ ws: { root, config: { forge, repo } } }) as unknown as App;
      vi.stubEnv('DATABASE_URL', undefined);
      vi.stubEnv('PAPERTRAIL_NO_CACHE', undefined);
      expect(keptForgeReads(app('local'))).toEqual({ repo: 'acme/app', reads });
      expect(keptForgeReads(app('local', 'acme/other'))).toBeNull();
      expect(keptForgeReads(app('github'))).toBeNull();
      await lendStore({ root, x: null as never, forge: null }, async () => {
        expect(keptForgeReads(app('local'))).toBeNull();
      });
      vi.stubEnv('PAPERTRAIL_NO_CACHE', '1');
      expect(keptForgeReads(app('local'))).toBeNull();
      vi.stubEnv('PAPERTRAIL_NO_CACHE', undefined);
      vi.stubEnv('DATABASE_URL', 'postgres://nobody@127.0.0.1:1/none');
      expect(keptForgeReads(app('local'))).toBeNull();
    } finally {
      vi.unstubAllEnvs();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

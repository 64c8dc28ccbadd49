import { afterEach, describe, expect, it } from 'vitest';
import { lendStore, withDb, withForge, withStore } from '../../../src/app/kernel/index.js';
import { type OpsWorkspace, opsWorkspace } from '../ops/workspace.js';

// A store lent by its holder is what withStore, withDb and withForge use inside it, for its own
// workspace only: another workspace's store is opened as usual.

describe('a lent store', () => {
  let a: OpsWorkspace;
  let b: OpsWorkspace;
  afterEach(async () => {
    await a?.cleanup();
    await b?.cleanup();
  });

  it('is reused for its workspace inside the lending call, and for no other', async () => {
    a = await opsWorkspace('pglite');
    b = await opsWorkspace('pglite');
    const app = a.as('Ana');
    await withStore(
      app,
      async (held) => {
        const seen = await lendStore({ root: app.ws.root, x: held.x, forge: held.forge }, async () => ({
          store: await withStore(app, async (s) => s.x.db, { forge: true }),
          forge: await withForge(app, async (f) => f),
          db: await withDb(app, async (db) => db),
          other: await withStore(b.as('Ana'), async (s) => s.x.db),
        }));
        expect(seen.store).toBe(held.x.db);
        expect(seen.forge).toBe(held.forge);
        expect(seen.db).toBe(held.x.db);
        expect(seen.other).not.toBe(held.x.db);
      },
      { forge: true },
    );
  }, 120_000);
});

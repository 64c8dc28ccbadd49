import { describe, expect, it } from 'vitest';
import { LocalForge } from '../../../src/ports/forge/index.js';
import { openStore } from '../../../src/ports/store/index.js';
import { backends } from '../store/backends.js';

// Inside a batch the local forge gathers links and writes them together; what it must keep is the
// port's behaviour: links visible to reads in the same batch, unknown issues refused, all or nothing.
describe.each(await backends('local forge batch'))('local forge batch: $name', (b) => {
  it.skipIf(!b.available)('links added in a batch are read back in it and committed with it', async () => {
    const target = await b.fresh({ migrated: true });
    const store = await openStore(target.opts);
    try {
      const forge = await LocalForge.open(store.db, 'acme/app');
      await forge.batch(async () => {
        const t = await forge.createIssue({ title: 'T', body: '', labels: ['tracking'] });
        const a = await forge.createIssue({ title: 'A', body: '', labels: ['x', 'y'] });
        const c = await forge.createIssue({ title: 'C', body: '', labels: [] });
        await forge.addSubIssue(t.number, a);
        await forge.addSubIssue(t.number, c);
        await forge.addBlockedBy(c.number, a);
        expect(await forge.listSubIssues(t.number)).toEqual([2, 3]);
        expect(await forge.listBlockedBy(c.number)).toEqual([2]);
        expect(a).toMatchObject({ number: 2, labels: ['x', 'y'] });
      });
      expect((await forge.listLinks()).blockedBy.get(3)).toEqual([2]);
      expect((await forge.listIssues({ label: 'y' })).map((i) => i.number)).toEqual([2]);
      // A link to an issue that does not exist fails the batch, and nothing of it stays.
      await expect(
        forge.batch(async () => {
          const d = await forge.createIssue({ title: 'D', body: '', labels: ['tracking'] });
          await forge.addBlockedBy(d.number, { ...d, number: 99 });
        }),
      ).rejects.toMatchObject({ code: 'forge/not-found' });
      expect((await forge.listIssues({ label: 'tracking' })).map((i) => i.number)).toEqual([1]);
      expect((await forge.createIssue({ title: 'E', body: '', labels: [] })).number).toBe(4);
    } finally {
      await store.close();
      await target.cleanup();
    }
  });
});

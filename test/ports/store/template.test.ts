import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, openStore } from '../../../src/ports/store/index.js';
import { storeTemplate, storeTemplateDir, templateKey } from '../../../src/ports/store/template.js';

// `npm test` builds first, and the build writes dist/store-template.tar.gz: a migrated, empty store.
const built = existsSync(join(process.cwd(), 'dist/store-template.tar.gz'));

describe('embedded store template', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    delete process.env.PAPERTRAIL_STORE_TEMPLATE;
  });
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'pt-template-'));
    dirs.push(d);
    return join(d, 'store');
  };

  it.skipIf(!built)(
    'a new store starts from the build’s template, migrated and empty, and keeps its writes',
    async () => {
      expect(storeTemplate()).toBeInstanceOf(Blob);
      // The build also unpacked it, so a new store is a copy of that data dir.
      expect(storeTemplateDir()).toMatch(/store-template-[0-9a-f]{16}$/);
      const dataDir = fresh();
      const s = await openStore({ dataDir });
      expect(s.schemaVersion).toBe(LATEST_VERSION);
      expect(await s.db.selectFrom('forge_issues').selectAll().execute()).toEqual([]);
      await s.db
        .insertInto('forge_repos')
        .values({ owner: 'a', name: 'b', default_branch: 'main', description: null, created_at: new Date() })
        .execute();
      await s.close();
      const again = await openStore({ dataDir });
      expect((await again.db.selectFrom('forge_repos').select('name').execute()).map((r) => r.name)).toEqual([
        'b',
      ]);
      await again.close();
    },
  );

  it('is not used when turned off, and the key names the PGlite version and migrations', () => {
    process.env.PAPERTRAIL_STORE_TEMPLATE = '0';
    expect(storeTemplate()).toBeUndefined();
    expect(storeTemplateDir()).toBeUndefined();
    expect(templateKey()).toMatch(/^[0-9a-f]{16}$/);
  });
});

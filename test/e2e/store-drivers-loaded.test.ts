import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { node, ROOT, tempDir } from '../helpers/cli.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../helpers/postgres.js';

// A command opens one store and should load only that store's driver: Node parses whatever a command
// loads on every run, and pg on Node 20 also loads Node's whole fetch stack (undici) when it probes for
// a Cloudflare Worker. A preloaded module reports at exit which of them the CLI loaded.
const REPORT_SOURCE = [
  "import { createRequire } from 'node:module';",
  `const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});`,
  "process.on('exit', () => process.stderr.write('loaded: ' + JSON.stringify({",
  "  pg: Object.keys(require.cache).some((f) => f.includes('/node_modules/pg/')),",
  "  undici: process.moduleLoadList.some((m) => m.includes('undici')),",
  "}) + '\\n'));",
].join('\n');
const REPORT = `data:text/javascript,${encodeURIComponent(REPORT_SOURCE)}`;

function workspace(): string {
  const ws = tempDir('pt-drivers-');
  writeFileSync(join(ws, 'papertrail.yaml'), 'version: 1\ndocs: docs\nforge: local\nrepo: acme/drivers\n');
  mkdirSync(join(ws, 'docs'));
  mkdirSync(join(ws, '.papertrail'));
  return ws;
}

function loaded(env: Record<string, string>): { pg: boolean; undici: boolean } {
  const r = node(['--import', REPORT, join(ROOT, 'bin', 'papertrail.js'), 'work', 'list', '--json'], {
    cwd: workspace(),
    env,
  });
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ ok: true, items: [] });
  const line = r.stderr.split('\n').find((l) => l.startsWith('loaded: '));
  return JSON.parse(line!.slice('loaded: '.length));
}

const withPostgres = await postgresAvailable('store drivers [postgres]');

describe('work list loads only its own store driver', () => {
  afterAll(() => dropTestDatabases());

  it('on the embedded store: no pg', () => {
    expect(loaded({ DATABASE_URL: '' })).toEqual({ pg: false, undici: false });
  }, 60_000);

  it.runIf(withPostgres)(
    'on Postgres: pg without the fetch stack',
    async () => {
      const db = await createTestDatabase();
      expect(loaded({ DATABASE_URL: db.url })).toEqual({ pg: true, undici: false });
    },
    60_000,
  );
});

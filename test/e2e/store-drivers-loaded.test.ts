import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { node, ROOT, tempDir } from '../helpers/cli.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../helpers/postgres.js';

// A command opens one store and should load only that store's driver: Node parses whatever a command
// loads on every run, and pg on Node 20 also loads Node's whole fetch stack (undici) when it probes for
// a Cloudflare Worker. A preloaded module reports at exit which of them the CLI loaded: pg by a message
// only pg's client holds, in any file the process loaded (pg may be bundled into the CLI's chunks or
// required from node_modules).
const PG_MARKER = 'Client has already been connected. You cannot reuse a client.';
// Nor what the list does not use: commander (the plain list has its own entry, dist/work-list.js) and
// child_process, which brings net, dgram and streams along.
const COMMANDER_MARKER = 'commander.unknownOption';
const HOOKS_SOURCE = [
  "import { appendFileSync } from 'node:fs';",
  'export async function load(url, context, next) {',
  "  if (url.startsWith('file:')) appendFileSync(process.env.PT_LOADED_LIST, url + '\\n');",
  '  return next(url, context);',
  '}',
].join('\n');
const REPORT_SOURCE = [
  "import { createRequire, register } from 'node:module';",
  "import { readFileSync } from 'node:fs';",
  "import { fileURLToPath } from 'node:url';",
  `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS_SOURCE)}`)});`,
  `const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});`,
  "const read = (f) => { try { return readFileSync(f, 'utf8'); } catch { return ''; } };",
  "process.on('exit', () => {",
  "  const esm = read(process.env.PT_LOADED_LIST).split('\\n').filter(Boolean).map((u) => fileURLToPath(u));",
  '  const files = [...Object.keys(require.cache), ...esm];',
  "  process.stderr.write('loaded: ' + JSON.stringify({",
  `    pg: files.some((f) => read(f).includes(${JSON.stringify(PG_MARKER)})),`,
  "    undici: process.moduleLoadList.some((m) => m.includes('undici')),",
  `    commander: files.some((f) => read(f).includes(${JSON.stringify(COMMANDER_MARKER)})),`,
  "    childProcess: process.moduleLoadList.includes('NativeModule child_process'),",
  "  }) + '\\n');",
  '});',
].join('\n');
const REPORT = `data:text/javascript,${encodeURIComponent(REPORT_SOURCE)}`;

function workspace(): string {
  const ws = tempDir('pt-drivers-');
  writeFileSync(join(ws, 'papertrail.yaml'), 'version: 1\ndocs: docs\nforge: local\nrepo: acme/drivers\n');
  mkdirSync(join(ws, 'docs'));
  mkdirSync(join(ws, '.papertrail'));
  return ws;
}

interface Loaded {
  pg: boolean;
  undici: boolean;
  commander: boolean;
  childProcess: boolean;
}

function loaded(env: Record<string, string>): Loaded {
  const ws = workspace();
  const r = node(['--import', REPORT, join(ROOT, 'bin', 'papertrail.js'), 'work', 'list', '--json'], {
    cwd: ws,
    env: { ...env, PT_LOADED_LIST: join(ws, '.loaded-modules') },
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
    expect(loaded({ DATABASE_URL: '' })).toEqual({
      pg: false,
      undici: false,
      commander: false,
      childProcess: false,
    });
  }, 60_000);

  it.runIf(withPostgres)(
    'on Postgres: pg without the fetch stack',
    async () => {
      const db = await createTestDatabase();
      expect(loaded({ DATABASE_URL: db.url })).toEqual({
        pg: true,
        undici: false,
        commander: false,
        childProcess: false,
      });
    },
    60_000,
  );
});

import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_NAMES } from '../../src/app/workflow/assistant/index.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/**
 * A registry that serves, under any name asked for, a package whose bin leaves a mark when it runs: the
 * stranger a config would fetch if it named a package the workspace does not have.
 */
async function strangerRegistry(dir: string) {
  const requests: string[] = [];
  const marker = join(dir, 'stranger-ran');
  const packs = new Map<string, Buffer>();
  const tarball = (name: string) => {
    if (!packs.has(name)) {
      const src = join(dir, `src-${name}`);
      mkdirSync(src, { recursive: true });
      writeFileSync(
        join(src, 'package.json'),
        JSON.stringify({ name, version: '1.0.2', bin: { [name]: 'run.js' } }),
      );
      writeFileSync(
        join(src, 'run.js'),
        `#!/usr/bin/env node\nrequire('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`,
      );
      const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
        cwd: src,
        encoding: 'utf8',
      });
      packs.set(name, readFileSync(join(dir, file.trim())));
    }
    return packs.get(name)!;
  };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '/').slice(1);
    requests.push(path);
    const tgz = /^(.+)\/-\/.+\.tgz$/.exec(path);
    if (tgz) return res.end(tarball(tgz[1]!));
    const data = tarball(path);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        name: path,
        'dist-tags': { latest: '1.0.2' },
        versions: {
          '1.0.2': {
            name: path,
            version: '1.0.2',
            bin: { [path]: 'run.js' },
            dist: {
              tarball: `${base}/${path}/-/${path}-1.0.2.tgz`,
              shasum: createHash('sha1').update(data).digest('hex'),
              integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
            },
          },
        },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    ran: () => existsSync(marker),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The command each generated config starts the server with. */
function configuredServers(dir: string) {
  const vscode = JSON.parse(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8')).servers.papertrail;
  const claude = JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8')).mcpServers.papertrail;
  return { '.vscode/mcp.json': vscode, '.mcp.json': claude } as Record<
    string,
    { command: string; args: string[] }
  >;
}

// What an editor does with the configs `init` writes: start `command args` in the workspace folder and
// talk MCP over stdio. Papertrail comes from `npm pack`, installed the three ways the README names; the
// editor's npm has a fresh cache and HOME, and its registry serves strangers only.
describe('the generated MCP configs start the server', () => {
  let tmp: string;
  let registry: Awaited<ReturnType<typeof strangerRegistry>>;
  let project: string;
  const prefixes = { global: '', linked: '', none: '' };

  beforeAll(async () => {
    tmp = tempDir('pt-mcp-start-');
    registry = await strangerRegistry(join(tmp, 'registry'));
    const packed = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const tarball = join(tmp, packed.split('\n').pop()!);
    // Dependencies come from this machine's npm cache (the registry only for what it lacks): the
    // install is not what is under test, the start is. node-pty, the optional dependency, serves only
    // this repository's terminal tests, so it is not compiled here.
    const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
    const installEnv = {
      ...process.env,
      HOME: join(tmp, 'install-home'),
      npm_config_update_notifier: 'false',
    };
    const install = [
      '--cache',
      cache,
      '--prefer-offline',
      '--omit=optional',
      '--no-audit',
      '--no-fund',
      tarball,
    ];
    project = join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "project", "private": true }\n');
    for (const k of Object.keys(prefixes) as (keyof typeof prefixes)[]) {
      prefixes[k] = join(tmp, `prefix-${k}`);
      mkdirSync(prefixes[k]);
    }
    await Promise.all([
      run('npm', ['install', '--save-dev', ...install], { cwd: project, env: installEnv }),
      run('npm', ['install', '--global', ...install], {
        cwd: tmp,
        env: { ...installEnv, npm_config_prefix: prefixes.global },
      }),
    ]);
    // `npm link` in a folder holding Papertrail (here: the project's copy), as in a checkout.
    await run('npm', ['link', '--offline', '--no-audit', '--no-fund'], {
      cwd: join(project, 'node_modules', pkg.name),
      env: { ...installEnv, npm_config_prefix: prefixes.linked },
    });
  }, 240_000);

  afterAll(async () => {
    await registry?.close();
  });

  /** A workspace with the configs `init` writes; the devDependency case is the project itself. */
  const workspace = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    expect(cli(['init', '--tools', 'copilot,claude'], { cwd: dir }).code).toBe(0);
    return configuredServers(dir);
  };

  /** The environment an editor passes: the user's PATH (with the global bin), npm pointing at `prefix`. */
  const editorEnv = (prefix: string, name: string) => ({
    PATH: [join(prefix, 'bin'), process.env.PATH ?? ''].join(delimiter),
    HOME: join(tmp, `home-${name}`),
    npm_config_cache: join(tmp, `cache-${name}`),
    npm_config_prefix: prefix,
    npm_config_registry: registry.url,
    npm_config_update_notifier: 'false',
    npm_config_fetch_retries: '0',
  });

  const listTools = async (
    dir: string,
    server: { command: string; args: string[] },
    env: Record<string, string>,
  ) => {
    const transport = new StdioClientTransport({ ...server, cwd: dir, env, stderr: 'pipe' });
    let err = '';
    transport.stderr?.on('data', (d) => {
      err += d;
    });
    const client = new Client({ name: 'editor', version: '0.0.0' });
    try {
      await client.connect(transport, { timeout: 60_000 });
      return (await client.listTools()).tools.map((t) => t.name).sort();
    } catch (e) {
      throw new Error(`${server.command} ${server.args.join(' ')} did not start: ${e}\n${err}`);
    } finally {
      await client.close();
    }
  };

  it.each([
    ['a devDependency', 'devDependency'],
    ['installed globally', 'global'],
    ['linked with npm link', 'linked'],
  ] as const)(
    'with Papertrail %s',
    async (_, how) => {
      const dir = how === 'devDependency' ? project : join(tmp, `workspace-${how}`);
      const prefix = how === 'devDependency' ? prefixes.none : prefixes[how];
      for (const [config, server] of Object.entries(workspace(dir))) {
        expect(server.args, config).toContain(pkg.name);
        expect(await listTools(dir, server, editorEnv(prefix, how)), config).toEqual([...TOOL_NAMES].sort());
      }
      // Nothing came from the registry: npx ran the installed bin.
      expect(registry.requests).toEqual([]);
    },
    120_000,
  );

  it('and where Papertrail is not installed, refuse instead of running what the registry serves', async () => {
    const dir = join(tmp, 'workspace-bare');
    for (const [config, server] of Object.entries(workspace(dir))) {
      const r = await run(server.command, server.args, {
        cwd: dir,
        env: editorEnv(prefixes.none, 'bare'),
        // A server that did start (a stranger's, say) would wait for its client: stop it.
        timeout: 30_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(r.code, config).not.toBe(0);
      expect(r.stderr, config).toContain('npx canceled due to missing packages');
      expect(registry.ran(), config).toBe(false);
      expect(
        registry.requests.filter((p) => p.endsWith('.tgz')),
        config,
      ).toEqual([]);
    }
  }, 120_000);

  it('and the README installs the package the configs name', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const named = [...readme.matchAll(/npm (?:i|install|link)(?: -[-\w]+)* (papertrail[-\w]*)/g)].map(
      (m) => m[1],
    );
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set([pkg.name]));
  });
});

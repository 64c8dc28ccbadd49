import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Env, Hono } from 'hono';

// The control room's built files (dist/web/): index.html for each of the app's pages, the hashed assets
// with a year's cache (their names change with their content). Nothing else is served from there.

const PAGES = ['/', '/runs', '/runs/:id', '/work', '/audit'];
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  map: 'application/json',
};

/** dist/web beside the bundled CLI (dist/ or dist/chunks/), or the built one from the sources. */
export function webAppDir(): string | null {
  for (const rel of ['./web/', '../web/', '../../../dist/web/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return null;
}

export function serveWebApp<E extends Env>(web: Hono<E>, dir: string | null = webAppDir()): void {
  if (!dir) return;
  const index = readFile(`${dir}index.html`, 'utf8');
  for (const page of PAGES)
    web.get(page, async (c) => c.html(await index, 200, { 'cache-control': 'no-cache' }));
  web.get('/assets/:name{[\\w.-]+\\.[a-z0-9]+}', async (c) => {
    const name = c.req.param('name');
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)];
    if (!type || name.startsWith('.')) return c.notFound();
    const body = await readFile(`${dir}assets/${name}`).catch(() => null);
    if (!body) return c.notFound();
    return c.body(new Uint8Array(body), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
}

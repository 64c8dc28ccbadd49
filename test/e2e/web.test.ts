import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCreate } from '../../src/app/access/index.js';
import { type Running, startServer } from '../../src/faces/http/index.js';
import { type Planned, planned } from '../app/execution/workspace.js';
import { type Browser, chromiumAvailable, launchChromium, screenshots } from '../helpers/browser.js';

// The control room in Chromium, against `serve` on a planned workspace: the built app (dist/web).
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
const shot = screenshots('web');

describe.runIf(chromiumAvailable('web browser tests'))('the control room in Chromium', () => {
  let p: Planned;
  let s: Running;
  let b: Browser;
  beforeAll(async () => {
    p = await planned('pglite');
    s = await startServer({ root: p.repo, port: 0, log: quiet as never });
    b = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await s?.close();
    await p?.cleanup();
  });

  it('serves the app at its pages, hashed assets cached for good, and the API unchanged', async () => {
    const home = await fetch(`${s.url}/work`);
    expect(home.headers.get('content-type')).toContain('text/html');
    const html = await home.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${s.url}${asset}`);
    expect([js.status, js.headers.get('cache-control')]).toEqual([
      200,
      'public, max-age=31536000, immutable',
    ]);
    expect((await fetch(`${s.url}/assets/..%2Fpackage.json`)).status).toBe(404);
    const missing = (await (await fetch(`${s.url}/nope`)).json()) as { error: { code: string } };
    expect(missing.error.code).toBe('http/not-found');
    expect((await fetch(`${s.url}/api/work/list`)).headers.get('content-type')).toContain('json');
  });

  it('shows the work board, then follows a schedule live', async () => {
    const page = await b.context.newPage();
    await page.goto(`${s.url}/work`);
    // Nothing is scheduled yet; scheduling fills the board without a reload.
    await expect.poll(() => page.getByRole('main').textContent()).toContain('No work items');
    await page.request.post(`${s.url}/api/work/schedule`, { data: {} });
    const rows = page.getByRole('table', { name: 'Work items' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    expect(await page.locator('tbody').textContent()).toContain('#1 queued');
    await shot(page, 'work');
    await page.close();
  });

  it('verifies the audit trail', async () => {
    const page = await b.context.newPage();
    await page.goto(`${s.url}/audit`);
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/Intact: \d+ records/);
    await shot(page, 'audit');
    // The keyboard alone moves between pages.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Work' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/work$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Work');
    await page.close();
  });

  it('asks for a token when the API answers 401, and signs in with it', async () => {
    const { token } = await tokenCreate(p.app, { name: 'ada', role: 'viewer' });
    const page = await b.context.newPage();
    let refused = false;
    await page.route('**/api/audit/verify', async (route) => {
      if (refused) return route.continue();
      refused = true;
      await route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({
          ok: false,
          error: { code: 'http/unauthorised', message: 'A token is needed here' },
        }),
      });
    });
    await page.goto(`${s.url}/audit`);
    const form = page.getByRole('region', { name: 'Sign in' });
    await form.getByLabel('Token').fill('not-a-token');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('token');
    await form.getByLabel('Token').fill(token);
    await form.getByLabel('Token').press('Enter');
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Signed in as ada (viewer)');
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Intact');
    await shot(page, 'signed-in');
    await page.close();
  });
});

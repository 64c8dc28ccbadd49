import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCreate } from '../../src/app/access/index.js';
import { showRun } from '../../src/app/ops/index.js';
import { type Running, startServer } from '../../src/faces/http/index.js';
import { type OpsWorkspace, opsWorkspace } from '../app/ops/workspace.js';
import { type Browser, chromiumAvailable, launchChromium, screenshots } from '../helpers/browser.js';

// Runs in the control room, in Chromium: started from the page, their log and gates live, approval
// by a second signed-in person; against `serve` with the built app (dist/web).
const quiet = { write: () => true } as unknown as never;
const SECRET = 'web webhook secret';
const shot = screenshots('web-runs');
const EXAMPLES = (
  createRequire(import.meta.url)('@octokit/openapi/generated/api.github.com.json') as {
    components: { examples: Record<string, { value: Record<string, unknown> }> };
  }
).components.examples;

/** A completed, successful check_run named Tests on the run's pull request, signed. */
async function checkRunDelivery(sha: string): Promise<{ body: string; headers: Record<string, string> }> {
  const example = structuredClone(EXAMPLES['check-run-completed']!.value) as {
    check_run: Record<string, unknown> & { pull_requests: { number: number; head: { sha: string } }[] };
    repository: { full_name: string };
  };
  example.check_run.name = 'Tests';
  example.check_run.conclusion = 'success';
  example.check_run.head_sha = sha;
  example.check_run.pull_requests[0]!.number = 1;
  example.check_run.pull_requests[0]!.head.sha = sha;
  example.repository.full_name = 'acme/shop';
  const body = JSON.stringify(example);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'check_run',
      'x-github-delivery': 'web-1',
      'x-hub-signature-256': await sign(SECRET, body),
    },
  };
}

describe.runIf(chromiumAvailable('web runs browser tests'))('runs in the control room', () => {
  let w: OpsWorkspace;
  let s: Running;
  let b: Browser;
  beforeAll(async () => {
    w = await opsWorkspace('pglite', 'ops:\n  approvers: [bob]\n');
    s = await startServer({ root: w.root, port: 0, log: quiet, webhookSecret: SECRET });
    b = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await s?.close();
    await w?.cleanup();
  });

  it('starts a run from the page, shows its log live, and a signed check flips its CI gate', async () => {
    const page = await b.context.newPage();
    await page.goto(`${s.url}/`);
    const form = page.getByRole('form', { name: 'Start a run' });
    await form.getByLabel('Template').selectOption('spec');
    await form.getByLabel('Input').fill('payment processing');
    await form.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/\/runs\/[\w-]+$/);
    const id = page.url().split('/').pop()!;
    // Gone if the page reloads.
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    // Lines arrive while the page is open; the page is never reloaded.
    const log = page.getByRole('log', { name: 'Run log' });
    await expect.poll(() => log.locator('.log-line').count(), { timeout: 60_000 }).toBeGreaterThan(2);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent(), { timeout: 120_000 }).toContain('success');
    const total = (await showRun(w.as('test'), id)).events.length;
    await expect.poll(() => page.locator('.log-bar').textContent()).toContain(`${total} lines`);
    const gate = page.locator('[data-gate="CI: Tests"]');
    expect(await gate.getAttribute('data-status')).toBe('pending');
    await shot(page, 'run-pending');

    const run = await showRun(w.as('test'), id);
    const sha = (run.gates.find((g) => g.name === 'CI: Tests')!.details as { sha: string }).sha;
    const d = await checkRunDelivery(sha);
    const r = await fetch(`${s.url}/webhooks/github`, { method: 'POST', headers: d.headers, body: d.body });
    expect(r.status).toBe(202);
    await expect.poll(() => gate.getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');
    expect(await gate.getByRole('link').getAttribute('href')).toMatch(/^https:/);
    expect(await page.evaluate(() => 'sameDocument' in globalThis)).toBe(true);
    await shot(page, 'run-gate-pass');
    await page.close();
  }, 240_000);

  it('holds a high-risk prod run for approval: its requester is refused, a second user approves', async () => {
    const bob = await tokenCreate(w.as('admin'), { name: 'bob', role: 'approver' });
    const page = await b.context.newPage();
    await page.goto(`${s.url}/`);
    const form = page.getByRole('form', { name: 'Start a run' });
    await form.getByLabel('Template').selectOption('incident');
    await form.getByLabel('Input').fill('errors in auth service');
    await form.getByLabel('Environment').selectOption('prod');
    await form.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/\/runs\/[\w-]+$/);
    const approve = page.getByRole('form', { name: 'Waiting for approval' });
    await approve.waitFor();
    // The reason is required: the browser stops an empty one.
    await approve.getByRole('button', { name: 'Run Anyway' }).click();
    expect(
      await approve
        .getByLabel('Reason')
        .evaluate((e) => (e as unknown as { validity: { valid: boolean } }).validity.valid),
    ).toBe(false);
    // The requester (this machine's user on loopback) may not approve their own run.
    await approve.getByLabel('Reason').fill('I know what I am doing');
    await approve.getByRole('button', { name: 'Run Anyway' }).click();
    await expect
      .poll(() => approve.getByRole('alert').textContent())
      .toMatch(/asked for a run cannot approve it/);
    await shot(page, 'approval-refused');

    // Bob signs in on the same page and approves with a reason.
    await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
    const signIn = page.getByRole('region', { name: 'Sign in' });
    await signIn.getByLabel('Token').fill(bob.token);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Signed in as bob');
    const again = page.getByRole('form', { name: 'Waiting for approval' });
    await again.getByLabel('Reason').fill('change window, INC-123');
    await again.getByRole('button', { name: 'Run Anyway' }).click();
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent(), { timeout: 30_000 }).not.toContain('waiting');
    // What the released run logs comes down the stream to the open page.
    await expect
      .poll(() => page.getByRole('log', { name: 'Run log' }).textContent(), { timeout: 60_000 })
      .toContain('Phase 0: Gather');
    await expect
      .poll(() => page.getByRole('region', { name: 'Approvals' }).textContent())
      .toContain('bob: change window, INC-123');
    await shot(page, 'approved');

    // The runs list, filtered.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Runs' }).click();
    const rows = page.getByRole('table', { name: 'Runs' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('group', { name: 'Filter' }).getByLabel('Environment').selectOption('prod');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('incident');
    // A run started elsewhere appears in the open list.
    const other = await fetch(`${s.url}/api/ops/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'incident', input: ['disk full on db-2'], env: 'prod' }),
    });
    expect(other.status).toBe(200);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await shot(page, 'runs-prod');

    await nav.getByRole('link', { name: 'Audit' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/Intact/);
    await shot(page, 'audit-after-runs');
    await page.close();
  }, 240_000);
});

import { appendFileSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { afterEach, describe, expect, it } from 'vitest';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { cliAsync, plannedRepo } from '../../helpers/cli.js';

const SECRET = 'upkeep secret';
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

// A delivery about an issue keeps the plan true with nobody running sync: once the last requirement
// issue is closed, the tracking issue closes and the spec in the decisions workspace says complete.
describe('serve keeps the plan true on issue deliveries', () => {
  let s: Running | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('closes the tracking issue and writes complete into the spec, once', async () => {
    const { ws, repo } = plannedRepo();
    appendFileSync(join(repo, 'papertrail.yaml'), `decisions: ${relative(repo, ws)}\n`);
    s = await startServer({ root: repo, port: 0, log: quiet, webhookSecret: SECRET });
    // Closed while serve holds the store: the CLI reaches it through serve's socket.
    for (const n of ['2', '3', '4']) {
      const r = await cliAsync(['issue', 'close', n], { cwd: repo });
      expect(r.code, r.stderr).toBe(0);
    }
    const deliver = async (id: string) => {
      const body = JSON.stringify({
        action: 'closed',
        issue: { number: 4, state: 'closed' },
        repository: { full_name: 'github/runner-infra' },
      });
      return fetch(`${s!.url}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'issues',
          'x-github-delivery': id,
          'x-hub-signature-256': await sign(SECRET, body),
        },
        body,
      });
    };
    const r = await deliver('issue-4-closed');
    expect(r.status).toBe(202);
    expect(await r.json()).toMatchObject({ queued: true });
    await s.settled();

    const spec = readFileSync(join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md'), 'utf8');
    expect(spec).toMatch(/repo: github\/runner-infra\n\s+status: complete/);
    const plan = await cliAsync(['plan', '--dry-run', '--json'], { cwd: repo });
    expect(plan.code, plan.stderr).toBe(0);
    const tracking = JSON.parse(plan.stdout).rows.find((x: { number: number }) => x.number === 1);
    expect(tracking.state).toBe('closed');

    // The same delivery again is refused and changes nothing.
    expect((await deliver('issue-4-closed')).status).toBe(401);
    await s.settled();
    expect(readFileSync(join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md'), 'utf8')).toBe(spec);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { PtError } from '../../../src/base/errors.js';
import { GitHubForge } from '../../../src/ports/forge/github.js';
import { startFakeGitHub } from '../../fakes/github/index.js';
import {
  jsonReply,
  type ScriptedServer,
  type SilentServer,
  startScriptedServer,
  startSilentServer,
} from '../../helpers/bad-servers.js';

// GitHub as it fails from outside: no answer, half an answer, invalid JSON, JSON of the wrong shape,
// and a server that echoes the token back. Each is a PtError with a stable code, never a hang or a
// TypeError, and the token is never in it.
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function forgeOn(url: string, timeoutMs = 300, token = 'test-token') {
  return GitHubForge.open({
    repo: 'github/runner-infra',
    token,
    baseUrl: url,
    paceWrites: false,
    retryAfterBaseMs: 1,
    timeoutMs,
  });
}

async function failure(p: Promise<unknown>): Promise<PtError> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: PtError) => e,
  );
}

describe('GitHub that does not answer', () => {
  let silent: SilentServer;

  it('a read times out as forge/timeout after one retry, naming the wait and the setting', async () => {
    silent = await startSilentServer();
    open.push(silent);
    const forge = await forgeOn(silent.url, 300);
    const t0 = Date.now();
    const err = await failure(forge.listLabels());
    const took = Date.now() - t0;
    expect(err).toMatchObject({ code: 'forge/timeout', exit: 4, details: { timeoutMs: 300, attempts: 2 } });
    expect(err.message).toContain('within 300 ms');
    expect(err.message).toContain('listing labels on github/runner-infra');
    expect(err.hint).toContain('PAPERTRAIL_GITHUB_TIMEOUT');
    // Two attempts of 300 ms, not plugin-retry's four with back-off.
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(3000);
    expect(silent.received.match(/GET \/repos\/github\/runner-infra\/labels/g)).toHaveLength(2);
  });

  it('a create that times out is sent once: a second could open a duplicate issue', async () => {
    silent = await startSilentServer();
    open.push(silent);
    const forge = await forgeOn(silent.url, 300);
    const err = await failure(forge.createIssue({ title: 'A', body: '', labels: [] }));
    expect(err).toMatchObject({ code: 'forge/timeout', exit: 4, details: { attempts: 1 } });
    expect(err.hint).toMatch(/may have been done/);
    expect(silent.received.match(/POST \/repos\/github\/runner-infra\/issues/g)).toHaveLength(1);
  });

  it('headers then a body that never ends is a timeout too', async () => {
    const s: ScriptedServer = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"name":');
    });
    open.push(s);
    const forge = await forgeOn(s.url, 300);
    const err = await failure(forge.listLabels());
    expect(err).toMatchObject({ code: 'forge/timeout', exit: 4 });
  });
});

describe('GitHub that answers garbage', () => {
  async function answering(status: number, body: string, contentType = 'application/json; charset=utf-8') {
    const s = await startScriptedServer(jsonReply(status, body, { 'content-type': contentType }));
    open.push(s);
    return forgeOn(s.url);
  }

  it('invalid JSON in a list is forge/bad-response, not forge/unreachable', async () => {
    const forge = await answering(200, '[{"name": "bug", ');
    const err = await failure(forge.listLabels());
    expect(err).toMatchObject({ code: 'forge/bad-response', exit: 4 });
    expect(err.message).toContain('listing labels on github/runner-infra');
    expect(err.message).toContain('expected JSON');
    expect(err.message).toContain('[{\\"name\\": \\"bug\\", ');
  });

  it('an HTML page where JSON belongs is forge/bad-response', async () => {
    const forge = await answering(200, '<html>\n<body>Proxy login</body></html>', 'text/html; charset=utf-8');
    const err = await failure(forge.listIssues({ label: 'x' }));
    expect(err).toMatchObject({ code: 'forge/bad-response', exit: 4 });
    expect(err.message).toContain('<html> <body>Proxy login');
  });

  it('JSON of the wrong shape names the field that was expected', async () => {
    const forge = await answering(201, '{"id": 7, "number": 1, "title": "A", "state": "open"}');
    const err = await failure(forge.createIssue({ title: 'A', body: '', labels: [] }));
    expect(err).toMatchObject({ code: 'forge/bad-response', exit: 4 });
    expect(err.message).toContain('expected an issue, but it has no labels');
  });

  it('a field of the wrong type is named with what belongs there', async () => {
    const forge = await answering(200, '[{"name": "bug"}, {"name": 5}]');
    const err = await failure(forge.listLabels());
    expect(err).toMatchObject({ code: 'forge/bad-response', exit: 4 });
    expect(err.message).toContain('expected a list of labels, but 1.name is 5 where string belongs');
  });

  it('an object where a list belongs is forge/bad-response', async () => {
    const forge = await answering(200, '{"message": "fine"}');
    const err = await failure(forge.listPullRequests());
    expect(err).toMatchObject({ code: 'forge/bad-response', exit: 4 });
    expect(err.message).toContain('a list of pull requests');
  });

  it("a proxy's HTML error page is GitHub's failure in one short line, not the whole page", async () => {
    const page = `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${'x'.repeat(2000)}</body></html>`;
    const forge = await answering(502, page, 'text/html');
    const err = await failure(forge.createIssue({ title: 'A', body: '', labels: [] }));
    expect(err).toMatchObject({ code: 'forge/failed', exit: 4 });
    expect(err.message).toContain('<html> <head><title>502 Bad Gateway</title></head> <body>xxx');
    expect(err.message).not.toContain('\n');
    expect(err.message.length).toBeLessThan(400);
  });

  it('an empty body where JSON belongs is forge/bad-response', async () => {
    const forge = await answering(200, '');
    const err = await failure(forge.getRepository());
    expect(err).toMatchObject({ code: 'forge/bad-response', exit: 4 });
    expect(err.message).toContain('an empty body');
  });
});

describe('GitHub that echoes the token', () => {
  it('redacts a token before a long answer is cut short, so no half of it shows', async () => {
    const token = `ghp_${'Cut4Me'.repeat(6)}`;
    const head = token.slice(0, 8);
    const s = await startScriptedServer(jsonReply(200, `${'x'.repeat(70)}${token}`));
    open.push(s);
    const forge = await forgeOn(s.url, 300, token);
    const bad = await failure(forge.listLabels());
    expect(bad).toMatchObject({ code: 'forge/bad-response' });
    expect(bad.message).not.toContain(head);
    s.reply = jsonReply(502, `${'y'.repeat(190)}${token}`, { 'content-type': 'text/plain' });
    const failed = await failure(forge.createIssue({ title: 'A', body: '', labels: [] }));
    expect(failed).toMatchObject({ code: 'forge/failed' });
    expect(failed.message).not.toContain(head);
  });

  it('never puts the token in a message, hint or details', async () => {
    const token = `ghp_${'x1Y2z3'.repeat(6)}`;
    const fake = await startFakeGitHub({ login: 'github', token });
    open.push(fake);
    fake.fail({
      status: 401,
      method: 'GET',
      path: '/repos/github/runner-infra/labels',
      headers: { 'x-github-request-id': token },
      body: { message: `Bad credentials: ${token}`, documentation_url: `https://docs.example/${token}` },
    });
    const forge = await forgeOn(fake.url, 5000, token);
    const err = await failure(forge.listLabels());
    expect(err).toMatchObject({ code: 'forge/unauthorized', exit: 4 });
    const out = JSON.stringify(err.toJSON());
    expect(out).not.toContain(token);
    expect(out).toContain('[REDACTED]');
    expect(err.details).toMatchObject({ requestId: '[REDACTED]' });
  });
});

import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workList } from '../../../src/app/execution/index.js';
import { openApp } from '../../../src/app/kernel/index.js';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { type Planned, planned } from '../../app/execution/workspace.js';
import { tempDir } from '../../helpers/cli.js';

// serve on a workspace whose papertrail.yaml sets execution.ledger: the work API reads and writes the
// git ledger (a bare repository as the remote), not the store; what the ledger does not carry is refused.
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked field by field below
type Json = Record<string, any>;
const body = async (r: Response | Promise<Response>) => (await (await r).json()) as Json;
const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('serve on the git ledger', () => {
  let p: Planned;
  let s: Running | undefined;
  afterEach(async () => {
    await s?.close();
    await p?.cleanup();
  });

  it('work/schedule and work/list use the ledger; gates are decided there; export is refused', async () => {
    p = await planned('pglite');
    const remote = join(tempDir('pt-serve-ledger-'), 'ledger.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    appendFileSync(join(p.repo, 'papertrail.yaml'), `execution:\n  ledger:\n    remote: ${remote}\n`);
    s = await startServer({ root: p.repo, port: 0, log: quiet as never });

    const sched = await body(post(`${s.url}/api/work/schedule`, {}));
    expect(sched.launch.map((l: { attempt: string }) => l.attempt)).toEqual(['2-runbook-1', '3-runbook-1']);
    const list = await body(fetch(`${s.url}/api/work/list`));
    expect(
      list.items.map((i: { issue: number; attempt: { id: string } | null }) => [i.issue, i.attempt?.id]),
    ).toEqual([
      [2, '2-runbook-1'],
      [3, '3-runbook-1'],
      [4, undefined],
    ]);
    // The ledger has the item, whose gate is not open yet; the store would have no item at all.
    const gate = await post(`${s.url}/api/gate/approve`, { issue: 2, gate: 'review', reason: 'ok' });
    expect([gate.status, (await body(gate)).error.code]).toEqual([400, 'gate/not-open']);
    const exp = await fetch(`${s.url}/api/export`);
    expect([exp.status, (await body(exp)).error.code]).toEqual([400, 'work/not-on-ledger']);
    expect(await workList(openApp(p.repo))).toEqual([]);
  }, 180_000);
});

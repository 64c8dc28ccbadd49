import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workList } from '../../../src/app/execution/index.js';
import { openApp } from '../../../src/app/kernel/index.js';
import { plannedRepo, tempDir } from '../../helpers/cli.js';
import { type Json, mcpSession } from '../../helpers/mcp.js';

// The work tools on a workspace whose papertrail.yaml sets execution.ledger: they read and write the
// git ledger (a bare repository as the remote), the record the executors see, and never the store;
// a tool the ledger does not carry is refused instead of quietly using the store.
describe('work tools through the MCP server on the git ledger', () => {
  it('schedule, list, claim, heartbeat and complete go to the ledger', async () => {
    const { repo } = plannedRepo();
    const remote = join(tempDir('pt-mcp-ledger-'), 'ledger.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    appendFileSync(join(repo, 'papertrail.yaml'), `execution:\n  ledger:\n    remote: ${remote}\n`);
    const onLedger = (dir: string) =>
      execFileSync('git', ['-C', remote, 'ls-tree', '--name-only', `papertrail/ledger:artifacts/${dir}`], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean);
    const s = await mcpSession(repo);
    try {
      const sched = await s.ok('work_schedule');
      expect(sched.launch.map((l: Json) => l.attempt)).toEqual(['2-runbook-1', '3-runbook-1']);
      expect(onLedger('schedule')).toEqual(['2.json', '3.json', '4.json']);
      const claimed = (await s.ok('work_claim', { executor: 'agent-1' })).claimed;
      expect(claimed).toMatchObject({ attempt: '2-runbook-1', handoff: { issue: 2, step: 'runbook' } });
      const rows = (await s.ok('work_list')).items;
      expect(rows[0]).toMatchObject({
        issue: 2,
        executor: 'agent-1',
        attempt: { id: '2-runbook-1', status: 'running' },
      });
      const beat = await s.ok('work_heartbeat', { attempt: '2-runbook-1', token: claimed.token });
      expect(beat.attempt).toBe('2-runbook-1');
      expect(Date.parse(beat.leaseExpiresAt)).toBeGreaterThan(Date.now());
      const done = await s.ok('work_complete', {
        attempt: '2-runbook-1',
        token: claimed.token,
        summary: 'written',
      });
      expect(done).toMatchObject({ attempt: '2-runbook-1', issue: 2, step: 'runbook', queued: [] });
      expect(onLedger('outcomes')).toEqual(['2-runbook-1.json']);
      expect(await s.fail('work_heartbeat', { attempt: '2-runbook-1', token: claimed.token })).toMatchObject({
        code: 'work/attempt-ended',
        exit: 3,
      });
    } finally {
      await s.close();
    }
    // The store saw none of it.
    expect(await workList(openApp(repo))).toEqual([]);
  }, 180_000);
});

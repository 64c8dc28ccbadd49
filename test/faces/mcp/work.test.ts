import { describe, expect, it } from 'vitest';
import { plannedRepo } from '../../helpers/cli.js';
import { type Json, mcpSession } from '../../helpers/mcp.js';

// The executor's tools as an agent calls them, on seed 000's planned repository (local forge, embedded
// store): the same steps test/e2e/work.test.ts takes on the command line.
describe('work tools through the MCP server', () => {
  it('schedule → claim → complete moves an item on; fail queues a retry; a stale token writes nothing', async () => {
    const { repo } = plannedRepo();
    const s = await mcpSession(repo);
    const steps = async () =>
      (await s.ok('work_list')).items.map((i: Json) => [i.issue, i.step, i.stepState, i.executor]);
    try {
      expect((await s.ok('work_schedule', { dry_run: true })).queued).toBe(0);
      expect(await steps()).toEqual([]);
      const sched = await s.ok('work_schedule');
      expect(sched).toMatchObject({ dryRun: false, queued: 2, sync: { added: [2, 3, 4] } });
      expect(sched.launch.map((l: Json) => [l.issue, l.step, l.attempt])).toEqual([
        [2, 'runbook', 1],
        [3, 'runbook', 2],
      ]);
      expect((await s.ok('work_schedule')).queued).toBe(0);

      const first = (await s.ok('work_claim', { executor: 'agent-1', lease_seconds: 60 })).claimed;
      expect(first).toMatchObject({ attempt: 1, handoff: { issue: 2, step: 'runbook' } });
      const second = (await s.ok('work_claim', { executor: 'agent-2' })).claimed;
      expect(second).toMatchObject({ attempt: 2, handoff: { issue: 3, step: 'runbook' } });
      expect(second.token).not.toBe(first.token);
      expect((await s.ok('work_claim', { executor: 'agent-3' })).claimed).toBeNull();
      const claimed = await steps();
      expect(claimed).toEqual([
        [2, 'runbook', 'running', 'agent-1'],
        [3, 'runbook', 'running', 'agent-2'],
        [4, 'runbook', 'pending', null],
      ]);

      // Another attempt's token does not hold this one: refused with its code, nothing written.
      expect(
        await s.fail('work_complete', { attempt: first.attempt, token: second.token, summary: 'x' }),
      ).toMatchObject({ code: 'work/stale-token', exit: 3, hint: expect.stringContaining('claim again') });
      expect(await steps()).toEqual(claimed);

      const done = await s.ok('work_complete', {
        attempt: first.attempt,
        token: first.token,
        summary: 'runbook written',
      });
      expect(done).toMatchObject({ attempt: 1, issue: 2, step: 'runbook', finished: [] });
      expect(done.queued).toEqual([{ attempt: 3, issue: 2, step: 'implement' }]);
      // The attempt has ended: its own token no longer holds it either.
      expect((await s.fail('work_complete', { attempt: first.attempt, token: first.token })).code).toBe(
        'work/stale-token',
      );

      const failed = await s.ok('work_fail', {
        attempt: second.attempt,
        token: second.token,
        reason: 'no access',
      });
      expect(failed).toMatchObject({ attempt: 2, issue: 3, step: 'runbook', retry: { attempt: 4 } });
      expect(
        (await s.fail('work_fail', { attempt: second.attempt, token: second.token, reason: 'again' })).code,
      ).toBe('work/stale-token');

      expect((await steps()).map(([issue, step, state]: unknown[]) => [issue, step, state])).toEqual([
        [2, 'implement', 'queued'],
        [3, 'runbook', 'held'],
        [4, 'runbook', 'pending'],
      ]);
      // The arguments are checked as the CLI checks its flags: a token must be a whole number.
      expect(await s.fail('work_complete', { attempt: 3, token: 1.5 })).toMatchObject({
        code: 'input/invalid',
        exit: 2,
      });
    } finally {
      await s.close();
    }
  }, 120_000);
});

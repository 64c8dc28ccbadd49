import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decideGateOf, workClaim, workComplete, workSchedule } from '../../../src/app/execution/index.js';
import { type App, openApp, withStore } from '../../../src/app/kernel/index.js';
import { readAudit } from '../../../src/ports/store/index.js';
import { validArtifact } from './artifact-schema.js';
import { artifacts, backendsAvailable, openItemPullRequest, type Planned, planned } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// A workflow with a step after integration, whose gate can send the item back past it: only as a
// recorded revert.
const WORKFLOW = `id: wf-verify
name: Verify after integration
version: 1.0.0
effectiveFrom: 2026-01-01
steps:
  - key: implement
    order: 1
    parallelizable: false
    entryCriteria: []
    exitCriteria: []
    responsibleRole: dev
  - key: integrate
    order: 2
    parallelizable: false
    entryCriteria: []
    exitCriteria: []
    responsibleRole: dev
  - key: verify
    order: 3
    parallelizable: false
    entryCriteria: []
    exitCriteria: []
    responsibleRole: qa
    gates:
      - key: verified
        kind: person
        reentryStepKey: implement
`;

const names = await backendsAvailable('revert past integration');

async function step(app: App): Promise<string> {
  const c = await workClaim(app, { executor: 'agent-1' });
  await workComplete(app, { attempt: c!.attempt, token: c!.token });
  return `#${c!.handoff.issue} ${c!.handoff.step}`;
}

describe.each(names)('a rejection past integration on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('is refused without --revert; with it, the revert is recorded and integrate is done again', async () => {
    p = await planned(backend);
    writeFileSync(join(p.repo, 'wf.yaml'), WORKFLOW);
    appendFileSync(join(p.repo, 'papertrail.yaml'), 'execution:\n  workflow: wf.yaml\n');
    // Committed: the integrate step's merge needs a clean workspace.
    for (const args of [
      ['add', '-A'],
      ['commit', '-qm', 'Verify workflow'],
    ])
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: p.repo });
    const app = openApp(p.repo, { ...process.env, ...p.env, PAPERTRAIL_TODAY: '2026-11-23' });
    await workSchedule(app);
    expect(await step(app)).toBe('#2 implement');
    await openItemPullRequest(p, 2);
    expect(await step(app)).toBe('#2 integrate');
    expect(await step(app)).toBe('#2 verify');

    const reject = {
      issue: 2,
      gate: 'verified',
      decision: 'reject' as const,
      reason: 'broke prod',
      reviewer: 'lead',
    };
    const refused = await decideGateOf(app, reject).then(
      () => 'no error',
      (e: { code?: string }) => e.code,
    );
    expect(refused).toBe('gate/past-integration');

    const r = await decideGateOf(app, { ...reject, revert: true });
    expect(r).toMatchObject({ reverted: true, rework: ['implement', 'integrate', 'verify'] });
    expect(r.queued.map((q) => q.step)).toEqual(['implement']);
    const audit = await withStore(app, (s) => readAudit(s.x));
    expect(audit.filter((a) => a.type === 'integration-reverted')).toHaveLength(1);
    const all = await artifacts(app);
    for (const a of all) expect(validArtifact(a), JSON.stringify(validArtifact.errors)).toBe(true);
    expect(all.at(-1)).toMatchObject({
      eventType: 'attempt-rejected',
      baselineIntegration: 'post',
      outcome: 'integration reverted: broke prod',
    });
  });
});

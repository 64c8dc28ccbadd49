import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  carriesAll,
  diagnosePickup,
  type PickupInput,
  poolHealth,
  sameLabels,
} from '../../../src/domain/deploy/index.js';
import type { ActionsRunner } from '../../../src/ports/forge/index.js';

const PRIMARY = ['self-hosted', 'prod'];
const SECONDARY = ['self-hosted', 'prod-dr'];
const T0 = Date.parse('2026-01-01T10:00:00Z');

let nextId = 1;
function runner(
  name: string,
  labels: string[],
  state: 'idle' | 'busy' | 'offline',
  scope: ActionsRunner['scope'] = 'repository',
): ActionsRunner {
  return {
    id: nextId++,
    name,
    labels,
    scope,
    status: state === 'offline' ? 'offline' : 'online',
    busy: state === 'busy',
  };
}

function queued(labels: string[], over: Partial<PickupInput['job']> = {}): PickupInput['job'] {
  return {
    labels,
    status: 'queued',
    createdAt: new Date(T0).toISOString(),
    startedAt: null,
    runnerName: null,
    ...over,
  };
}

function input(over: Partial<PickupInput> & { waitedMinutes?: number } = {}): PickupInput {
  const { waitedMinutes = 1, ...rest } = over;
  return {
    environment: 'prod',
    pools: { primary: PRIMARY, secondary: SECONDARY },
    pickupMinutes: 5,
    runners: [],
    job: queued(PRIMARY),
    now: T0 + waitedMinutes * 60_000,
    ...rest,
  };
}

describe('poolHealth', () => {
  it('matches runners carrying every label, case aside, and judges the pool', () => {
    const runners = [
      runner('p1', ['self-hosted', 'Linux', 'PROD'], 'idle'),
      runner('p2', ['self-hosted', 'prod'], 'offline', 'organization'),
      runner('x', ['self-hosted', 'staging'], 'idle'),
    ];
    const h = poolHealth('primary', PRIMARY, runners);
    expect(h.runners.map((r) => [r.name, r.scope, r.state])).toEqual([
      ['p1', 'repository', 'idle'],
      ['p2', 'organization', 'offline'],
    ]);
    expect([h.idle, h.busy, h.offline, h.verdict]).toEqual([1, 0, 1, 'degraded']);
    expect(poolHealth('primary', PRIMARY, runners.slice(0, 1)).verdict).toBe('ready');
    expect(poolHealth('primary', PRIMARY, [runner('b', PRIMARY, 'busy')]).verdict).toBe('degraded');
    expect(poolHealth('primary', PRIMARY, runners.slice(1, 2)).verdict).toBe('down');
    expect(poolHealth('primary', PRIMARY, []).verdict).toBe('down');
  });

  it('compares label sets without order or case', () => {
    expect(sameLabels(['A', 'b'], ['b', 'a'])).toBe(true);
    expect(sameLabels(['a'], ['a', 'b'])).toBe(false);
    expect(carriesAll({ labels: ['a'] }, ['a', 'b'])).toBe(false);
  });
});

describe('diagnosePickup', () => {
  it('waits while the primary pool is up and the limit is not reached', () => {
    const d = diagnosePickup(input({ runners: [runner('p1', PRIMARY, 'busy')], waitedMinutes: 2 }));
    expect(d.decision).toBe('wait');
    expect(d.pool).toBe('primary');
    expect(d.waitedSeconds).toBe(120);
    expect(d.pickupSeconds).toBe(300);
    expect(d.hint).toContain('3m');
    expect(d.failoverTo).toBeNull();
  });

  it('fails over at once when the primary pool is down and the secondary is up', () => {
    const d = diagnosePickup(
      input({
        runners: [runner('p1', PRIMARY, 'offline'), runner('s1', SECONDARY, 'idle')],
        waitedMinutes: 0.5,
      }),
    );
    expect(d.decision).toBe('failover');
    expect(d.failoverTo).toEqual(SECONDARY);
    expect(d.reason).toContain('primary pool is down');
    expect(d.hint).toContain('p1');
    expect(d.secondary?.runners.map((r) => r.name)).toEqual(['s1']);
  });

  it('fails over after the pickup limit when primary runners stay busy', () => {
    const d = diagnosePickup(
      input({ runners: [runner('p1', PRIMARY, 'busy'), runner('s1', SECONDARY, 'busy')], waitedMinutes: 5 }),
    );
    expect(d.decision).toBe('failover');
    expect(d.reason).toContain('in time');
  });

  it('fails after the limit without a secondary pool, naming the offline runners', () => {
    const d = diagnosePickup(
      input({
        pools: { primary: PRIMARY },
        runners: [runner('p1', PRIMARY, 'offline'), runner('p2', PRIMARY, 'offline')],
        waitedMinutes: 6,
      }),
    );
    expect(d.decision).toBe('fail');
    expect(d.reason).toContain('no pre-approved secondary pool');
    expect(d.reason).toContain('2 offline');
    expect(d.hint).toContain('p1, p2');
    expect(d.hint).toContain('environments.prod.runners.secondary');
  });

  it('waits for offline primary runners to return when there is nowhere to fail over', () => {
    const d = diagnosePickup(
      input({ pools: { primary: PRIMARY }, runners: [runner('p1', PRIMARY, 'offline')] }),
    );
    expect(d.decision).toBe('wait');
    expect(d.hint).toContain('fails after');
  });

  it('fails at once when no runner carries the labels and nothing can take over', () => {
    const d = diagnosePickup(
      input({ pools: { primary: PRIMARY }, runners: [runner('x', ['self-hosted'], 'idle')] }),
    );
    expect(d.decision).toBe('fail');
    expect(d.hint).toContain('Register a self-hosted runner with the labels [self-hosted, prod]');
  });

  it('fails when the secondary pool is down too', () => {
    const d = diagnosePickup(
      input({
        runners: [runner('p1', PRIMARY, 'offline'), runner('s1', SECONDARY, 'offline')],
        waitedMinutes: 5,
      }),
    );
    expect(d.decision).toBe('fail');
    expect(d.reason).toContain('secondary pool is down too');
    expect(d.hint).toContain('s1');
  });

  it('never fails over twice: a job on the secondary pool fails', () => {
    const d = diagnosePickup(
      input({
        job: queued(SECONDARY),
        runners: [runner('p1', PRIMARY, 'idle'), runner('s1', SECONDARY, 'busy')],
        waitedMinutes: 7,
      }),
    );
    expect(d.pool).toBe('secondary');
    expect(d.decision).toBe('fail');
    expect(d.reason).toContain('already runs on the secondary pool');
  });

  it('takes the pool it is told, and refuses a secondary pool the environment does not have', () => {
    const told = diagnosePickup(input({ pool: 'secondary', runners: [runner('s1', SECONDARY, 'idle')] }));
    expect(told.pool).toBe('secondary');
    const missing = diagnosePickup(input({ pools: { primary: PRIMARY }, pool: 'secondary' }));
    expect([missing.pool, missing.decision]).toEqual([null, 'fail']);
  });

  it('refuses a job whose labels are neither pool', () => {
    const d = diagnosePickup(
      input({
        job: queued(['ubuntu-latest']),
        runners: [runner('s1', SECONDARY, 'idle')],
      }),
    );
    expect(d.pool).toBeNull();
    expect(d.decision).toBe('fail');
    expect(d.hint).toContain('fromJSON(inputs.runner_labels)');
  });

  it('does not judge runners by a job GitHub holds for approval or its concurrency group', () => {
    for (const status of ['waiting', 'pending'] as const) {
      const d = diagnosePickup(
        input({
          pools: { primary: PRIMARY },
          job: queued(PRIMARY, { status }),
          waitedMinutes: 30,
        }),
      );
      expect(d.decision).toBe('wait');
      expect(d.reason).toContain('not for a runner');
    }
  });

  it('has nothing to decide once a runner took the job', () => {
    const d = diagnosePickup(
      input({
        job: queued(PRIMARY, {
          status: 'in_progress',
          startedAt: new Date(T0 + 1000).toISOString(),
          runnerName: 'p1',
        }),
        waitedMinutes: 60,
      }),
    );
    expect(d.decision).toBe('started');
    expect(d.reason).toContain('in progress on p1');
  });
});

const label = fc.constantFrom('self-hosted', 'prod', 'prod-dr', 'linux', 'gpu', 'x64');
const labels = fc.uniqueArray(label, { minLength: 1, maxLength: 3 });
const arbRunner = fc.record({
  id: fc.nat(),
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
  status: fc.constantFrom('online' as const, 'offline' as const),
  busy: fc.boolean(),
  labels: fc.uniqueArray(label, { maxLength: 5 }),
  scope: fc.constantFrom('repository' as const, 'organization' as const),
});
const arbInput = fc.record({
  primary: labels,
  secondary: fc.option(labels, { nil: undefined }),
  runners: fc.array(arbRunner, { maxLength: 8 }),
  jobPool: fc.constantFrom('primary', 'secondary', 'other'),
  status: fc.constantFrom('queued' as const, 'in_progress' as const, 'waiting' as const),
  waited: fc.integer({ min: 0, max: 3 * 3600 }),
  pickupMinutes: fc.integer({ min: 1, max: 60 }),
});

type ArbInput = typeof arbInput extends fc.Arbitrary<infer T> ? T : never;

function build(a: ArbInput): PickupInput {
  const jobLabels =
    a.jobPool === 'primary'
      ? a.primary
      : a.jobPool === 'secondary' && a.secondary
        ? a.secondary
        : ['windows'];
  return {
    environment: 'prod',
    pools: { primary: a.primary, secondary: a.secondary },
    pickupMinutes: a.pickupMinutes,
    runners: a.runners,
    job: queued(jobLabels, { status: a.status }),
    now: T0 + a.waited * 1000,
  };
}

describe('diagnosePickup, for any runners and job', () => {
  it('fails over only to the secondary pool, only from the primary, and only to a pool with a runner online', () => {
    fc.assert(
      fc.property(arbInput, (a) => {
        const i = build(a);
        const d = diagnosePickup(i);
        if (d.decision !== 'failover') return;
        expect(d.pool).toBe('primary');
        expect(i.pools.secondary).toBeDefined();
        expect(d.failoverTo).toEqual(i.pools.secondary);
        // Every runner that could take the failed-over job is one the secondary pool lists.
        const takers = i.runners.filter((r) => carriesAll(r, d.failoverTo ?? []));
        expect(d.secondary?.runners.map((r) => r.name).sort()).toEqual(takers.map((r) => r.name).sort());
        expect(takers.some((r) => r.status === 'online')).toBe(true);
      }),
    );
  });

  it('never fails or fails over a queued job before the limit while its pool has a runner online', () => {
    fc.assert(
      fc.property(arbInput, (a) => {
        const i = build(a);
        const d = diagnosePickup(i);
        if (i.job.status === 'in_progress') {
          expect(d.decision).toBe('started');
          return;
        }
        const own = d.pool === 'primary' ? d.primary : d.pool === 'secondary' ? d.secondary : null;
        if (own && own.verdict !== 'down' && d.waitedSeconds < d.pickupSeconds)
          expect(d.decision).toBe('wait');
        if (i.job.status === 'waiting') {
          expect(d.decision).toBe('wait');
          return;
        }
        if (d.waitedSeconds >= d.pickupSeconds) expect(['failover', 'fail']).toContain(d.decision);
        expect(d.reason.length).toBeGreaterThan(0);
        expect(d.hint.length).toBeGreaterThan(0);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CiCheck, ciGateStatus } from '../../../src/domain/execution/index.js';

const done = (name: string, conclusion: string): CiCheck => ({ name, status: 'completed', conclusion });
const running = (name: string): CiCheck => ({ name, status: 'in_progress', conclusion: null });

describe('ciGateStatus', () => {
  it('is pending while no check has reported', () => {
    expect(ciGateStatus([])).toEqual({ status: 'pending', reasons: ['no check has reported yet'] });
  });

  it('passes when every check completed with success, neutral or skipped', () => {
    const r = ciGateStatus([done('test', 'success'), done('docs', 'skipped'), done('lint', 'neutral')]);
    expect(r).toEqual({ status: 'pass', reasons: ['docs: skipped', 'lint: neutral', 'test: success'] });
  });

  it.each([
    'failure',
    'cancelled',
    'timed_out',
    'action_required',
    'error',
    'stale',
  ])('fails on a %s check and names it, even while others run', (conclusion) => {
    const r = ciGateStatus([running('build'), done('test', conclusion), done('lint', 'success')]);
    expect(r).toEqual({ status: 'fail', reasons: [`test: ${conclusion}`] });
  });

  it('is pending while a check is queued or running', () => {
    const r = ciGateStatus([
      done('lint', 'success'),
      running('test'),
      { ...running('e2e'), status: 'queued' },
    ]);
    expect(r).toEqual({ status: 'pending', reasons: ['e2e: queued', 'test: in_progress'] });
  });

  it('waits for a required check that has not reported', () => {
    const r = ciGateStatus([done('lint', 'success')], { required: ['lint', 'test'] });
    expect(r).toEqual({ status: 'pending', reasons: ['test: not reported yet'] });
  });

  it('passes on the required checks alone; an optional one still running does not hold it', () => {
    const r = ciGateStatus([done('test', 'success'), running('slow-optional')], { required: ['test'] });
    expect(r).toEqual({ status: 'pass', reasons: ['test: success'] });
  });

  it('fails on an optional check that failed', () => {
    const r = ciGateStatus([done('test', 'success'), done('optional', 'failure')], { required: ['test'] });
    expect(r).toEqual({ status: 'fail', reasons: ['optional: failure'] });
  });

  it('counts a name reported twice (a check run and a commit status) each time', () => {
    expect(ciGateStatus([done('ci', 'success'), done('ci', 'error')]).status).toBe('fail');
    expect(ciGateStatus([done('ci', 'success'), running('ci')]).status).toBe('pending');
  });

  const conclusion = fc.constantFrom('success', 'neutral', 'skipped', 'failure', 'cancelled', 'timed_out');
  const check = fc.oneof(
    fc.record({
      name: fc.constantFrom('a', 'b', 'c', 'd'),
      status: fc.constant('completed' as const),
      conclusion,
    }),
    fc.record({
      name: fc.constantFrom('a', 'b', 'c', 'd'),
      status: fc.constantFrom('queued' as const, 'in_progress' as const),
      conclusion: fc.constant(null),
    }),
  );
  const required = fc.option(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 }), {
    nil: undefined,
  });

  it('property: the verdict does not depend on the order of the checks', () => {
    fc.assert(
      fc.property(fc.array(check, { maxLength: 8 }), required, fc.nat(), (checks, req, seed) => {
        const shuffled = [...checks].sort(
          (x, y) => ((x.name.charCodeAt(0) * 31 + seed) % 7) - ((y.name.charCodeAt(0) * 31 + seed) % 7),
        );
        expect(ciGateStatus(shuffled, { required: req })).toEqual(ciGateStatus(checks, { required: req }));
      }),
    );
  });

  it('property: fail exactly when a completed check did not pass; pass only when all counted passed', () => {
    fc.assert(
      fc.property(fc.array(check, { maxLength: 8 }), required, (checks, req) => {
        const r = ciGateStatus(checks, { required: req });
        const bad = checks.some(
          (c) => c.status === 'completed' && !['success', 'neutral', 'skipped'].includes(c.conclusion ?? ''),
        );
        expect(r.status === 'fail').toBe(bad);
        expect(r.reasons.length).toBeGreaterThan(0);
        if (r.status === 'pass') {
          const names = req?.length ? req : checks.map((c) => c.name);
          expect(names.length).toBeGreaterThan(0);
          for (const n of names) {
            const of = checks.filter((c) => c.name === n);
            expect(of.length).toBeGreaterThan(0);
            expect(of.every((c) => c.status === 'completed')).toBe(true);
          }
        }
      }),
    );
  });

  it('property: adding a failed check never turns a verdict into pass', () => {
    fc.assert(
      fc.property(fc.array(check, { maxLength: 8 }), required, (checks, req) => {
        expect(ciGateStatus([...checks, done('z', 'failure')], { required: req }).status).toBe('fail');
      }),
    );
  });
});

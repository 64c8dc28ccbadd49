import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normativeStatement, verbForm } from '../../../src/faces/cli/interview/normative.js';

// Each plain sentence and the one rewrite that reads right; the issue's own example comes first.
const REWRITES: [string, string][] = [
  ['The system scales runners on queue depth.', 'The system SHALL scale runners on queue depth.'],
  ['The system does the backup nightly.', 'The system SHALL do the backup nightly.'],
  ['The service has a health endpoint.', 'The service SHALL have a health endpoint.'],
  ['The API is idempotent.', 'The API SHALL be idempotent.'],
  ['The queue carries every job to a runner.', 'The queue SHALL carry every job to a runner.'],
  ['The CLI pushes the branch.', 'The CLI SHALL push the branch.'],
  ['The scheduler retries failed jobs.', 'The scheduler SHALL retry failed jobs.'],
  ['The gateway catches malformed requests.', 'The gateway SHALL catch malformed requests.'],
  ['The pipeline deploys builds to staging.', 'The pipeline SHALL deploy builds to staging.'],
  ['The worker fixes the lock file.', 'The worker SHALL fix the lock file.'],
  ['The server passes the token on.', 'The server SHALL pass the token on.'],
  ['The proxy caches responses for a minute.', 'The proxy SHALL cache responses for a minute.'],
  ['The job goes to the next free runner.', 'The job SHALL go to the next free runner.'],
  ['The status page shows the incident.', 'The status page SHALL show the incident.'],
  ['The number of runners grows with the queue.', 'The number of runners SHALL grow with the queue.'],
  ['The system automatically scales runners.', 'The system SHALL automatically scale runners.'],
  ['The system never stores passwords.', 'The system SHALL never store passwords.'],
  ['The system does not store passwords.', 'The system SHALL not store passwords.'],
  ["The system doesn't store passwords.", 'The system SHALL not store passwords.'],
  ['The API is not reachable from outside.', 'The API SHALL not be reachable from outside.'],
  ['Each runner reports its utilization.', 'Each runner SHALL report its utilization.'],
  ['It verifies the signature.', 'It SHALL verify the signature.'],
  ['The analytics service records every event.', 'The analytics service SHALL record every event.'],
  ['The system scales.', 'The system SHALL scale.'],
  ['The system only accepts signed webhooks.', 'The system SHALL only accept signed webhooks.'],
  ['The proxy forwards requests.', 'The proxy SHALL forward requests.'],
  ['The build fails when tests fail.', 'The build SHALL fail when tests fail.'],
  ['If a runner dies, the system replaces it.', 'If a runner dies, the system SHALL replace it.'],
  ['The tool is not a daemon.', 'The tool SHALL not be a daemon.'],
  ['Our platform supports SSO.', 'Our platform SHALL support SSO.'],
  ['Provide a health check.', 'The system SHALL provide a health check.'],
  [
    'When the queue grows, the system provisions more runners.',
    'When the queue grows, the system SHALL provision more runners.',
  ],
  ['The system must scale.', 'The system SHALL scale.'],
  ['The system should scale.', 'The system SHALL scale.'],
  ['The system will retry twice.', 'The system SHALL retry twice.'],
  ['The system needs to log every request.', 'The system SHALL log every request.'],
  ['The system is required to encrypt data at rest.', 'The system SHALL encrypt data at rest.'],
  ['The system cannot lose a queued job.', 'The system SHALL not lose a queued job.'],
  ["The system won't drop jobs.", 'The system SHALL not drop jobs.'],
  ['Scale the pool.', 'The system SHALL scale the pool.'],
  ['Reject any unsigned webhook.', 'The system SHALL reject any unsigned webhook.'],
  ['It MUST scale.', 'It MUST scale.'],
  ['The system SHALL scale.', 'The system SHALL scale.'],
];

// Shapes with no single reading: a guess could be "The worker SHALL pool scale …", so none is offered.
const NO_REWRITE = [
  'The worker pools scale on queue depth.',
  'Runners scale on queue depth.',
  'Log requests to a file.',
  'Fast feedback for every team.',
  'The build jobs run nightly.',
  'The data stores replicate nightly.',
  'The API keys rotate daily.',
  'The system logs rotate daily.',
  'The service that handles jobs retries them.',
  'The system, however, scales.',
  'Users see a banner.',
  'Logs are kept for 30 days.',
  'Users can log in with SSO.',
  'Retry failed jobs.',
  '',
];

describe('normativeStatement', () => {
  it.each(REWRITES)('%s → %s', (said, want) => {
    expect(normativeStatement(said)).toBe(want);
  });

  it.each(NO_REWRITE)('offers no rewrite for %j', (said) => {
    expect(normativeStatement(said)).toBeUndefined();
  });

  it('never suggests a doubled subject or a SHALL followed by an article', () => {
    const subjects = ['The system', 'The service', 'The runner pool', 'Each job', 'The API', 'It'];
    const verbs = ['scales', 'stores', 'sends', 'rejects', 'carries', 'pushes', 'has', 'is', 'does', 'keeps'];
    const objects = ['runners on queue depth.', 'the token.', 'a copy.', 'every request.', 'data.'];
    for (const s of subjects)
      for (const v of verbs)
        for (const o of objects) {
          const said = `${s} ${v} ${o}`;
          const got = normativeStatement(said);
          if (got === undefined) continue;
          expect(got, said).toMatch(/\bSHALL\b/);
          expect(got, said).not.toMatch(/SHALL (?:the|a|an|it)\b/i);
          expect(got.startsWith(`${s} SHALL `), said).toBe(true);
          expect(got.split(/\s+/).length, said).toBe(said.split(/\s+/).length + 1);
        }
  });
});

describe('normativeStatement on any text (property)', () => {
  it('never throws; a rewrite says SHALL once more than the text, keeps its words and never doubles them', () => {
    const word = fc.constantFrom(
      'the',
      'a',
      'system',
      'service',
      'runners',
      'scales',
      'stores',
      'is',
      'does',
      'not',
      'on',
      'queue',
      'depth',
      'it',
      'each',
      'job',
      'when',
      'grows,',
      'automatically',
      'pools',
      'data.',
      'Scale',
      'logs',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(word, { maxLength: 9 }).map((w) => w.join(' ')),
        ),
        (said) => {
          const got = normativeStatement(said);
          if (got === undefined) return;
          expect(got).toMatch(/\bSHALL\b|\bMUST\b/);
          expect(got).not.toMatch(/SHALL (?:the|a|an)\b/);
          const shalls = (t: string) => (t.match(/\bSHALL\b/g) ?? []).length;
          if (shalls(said) === 0 && !/\bMUST\b/.test(said)) expect(shalls(got)).toBe(1);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('verbForm', () => {
  it.each([
    ['scales', 'scale'],
    ['does', 'do'],
    ['has', 'have'],
    ['is', 'be'],
    ['carries', 'carry'],
    ['pushes', 'push'],
    ['matches', 'match'],
    ['indexes', 'index'],
    ['buzzes', 'buzz'],
    ['echoes', 'echo'],
    ['deploys', 'deploy'],
    ['uses', 'use'],
    ['dies', 'die'],
  ])('%s → %s', (w, base) => expect(verbForm(w)).toBe(base));

  it.each(['status', 'access', 'analysis', 'always', 'was', 'its', 'scale'])('%s is no verb form', (w) =>
    expect(verbForm(w)).toBeUndefined());
});

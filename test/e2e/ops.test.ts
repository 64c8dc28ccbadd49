import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { gitWorkspace } from '../helpers/git-workspace.js';

// The control room from the terminal, through the built CLI: a spec run by intent that opens a pull
// request and passes its configured check, a high-risk prod run that waits, is refused to its
// requester and approved by another person with a reason, and bad input refused with the error object.

delete process.env.DATABASE_URL;

const workspace = () =>
  gitWorkspace(
    'shop',
    'version: 1\nrepo: acme/shop\nops:\n  checks:\n    Tests: test -f spec/payment-processing/prd.md\n',
  );

const json = (s: string) => JSON.parse(s);

describe('papertrail ops', () => {
  it('starts, shows, approves and refuses runs through the CLI', () => {
    const cwd = workspace();
    const as = (actor: string) => ({ cwd, env: { PAPERTRAIL_ACTOR: actor } });

    const templates = json(cli(['ops', 'templates', '--json'], as('Ana')).stdout);
    expect(templates.templates.map((t: { slug: string }) => t.slug)).toEqual([
      'spec',
      'incident',
      'healthcheck',
      'security-patch',
      'deploy',
    ]);

    const dry = cli(
      [
        'ops',
        'start',
        '--intent',
        'generate spec for payment processing',
        '--input',
        'payment processing',
        '--dry-run',
      ],
      as('Ana'),
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'Template spec: Spec bundle (picked for "generate spec for payment processing" by spec, generate)',
    );

    const spec = cli(
      ['ops', 'start', '--intent', 'generate spec for payment processing', '--input', 'payment processing'],
      as('Ana'),
    );
    expect(spec.stderr).toBe('');
    expect(spec.code).toBe(0);
    expect(spec.stdout).toMatch(/forge: Pull request #1 opened/);
    expect(spec.stdout).toMatch(/\[ok\] CI: Tests +pass/);
    expect(spec.stdout).toMatch(/\[\.\.\] CI: Lint +pending/);
    expect(spec.stdout).toContain('Pull Request: local:acme/shop#1');

    const incident = json(
      cli(
        ['ops', 'start', 'incident', '--input', 'summary=errors in auth service', '--env', 'prod', '--json'],
        as('Ana'),
      ).stdout,
    );
    expect(incident.run.status).toBe('waiting');
    const id = incident.run.short as string;

    const own = cli(['ops', 'approve', id, '--reason', 'mine', '--json'], as('Ana'));
    expect(own.code).toBe(3);
    expect(json(own.stdout).error.code).toBe('ops/self-approval');

    const listed = json(cli(['ops', 'list', '--status', 'waiting', '--json'], as('Bob')).stdout);
    expect(listed.runs.map((r: { short: string }) => r.short)).toEqual([id]);

    const ok = cli(['ops', 'approve', id, '--reason', 'change window, INC-123'], as('Bob'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Approved run ${id} (1 of 1).`);
    expect(ok.stdout).toContain('Bob at');

    const follow = cli(['ops', 'show', id, '--follow', '--json'], as('Ana'));
    const lines = follow.stdout.trim().split('\n').map(json);
    expect(lines.some((l) => l.message === 'Run finished')).toBe(true);

    const shown = json(cli(['ops', 'show', id, '--json'], as('Ana')).stdout);
    expect(shown.gates.map((g: { name: string }) => g.name)).toEqual([
      'Manual Approval',
      'CI: Tests',
      'CI: Security Scan',
    ]);
    expect(shown.approvals[0]).toMatchObject({ approver: 'Bob', reason: 'change window, INC-123' });

    for (const [args, code] of [
      [['ops', 'start', 'nope', '--json'], 'ops/unknown-template'],
      [['ops', 'start', 'incident', '--json'], 'ops/missing-input'],
      [['ops', 'start', 'spec', '--input', 'x', '--env', 'moon', '--json'], 'ops/bad-env'],
      [['ops', 'show', 'ffffffff', '--json'], 'ops/unknown-run'],
    ] as const) {
      const r = cli([...args], as('Ana'));
      expect(r.code, args.join(' ')).toBe(3);
      expect(json(r.stdout).error.code).toBe(code);
    }
  }, 300_000);
});

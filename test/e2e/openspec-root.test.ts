import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const OPENSPEC = join(ROOT, 'node_modules/@fission-ai/openspec/bin/openspec.js');

function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

// Like `openspec`, validate run below an OpenSpec project works on the nearest one above it.
describe('validate from inside an OpenSpec project', () => {
  it('finds the nearest root upward, as openspec does, and passes over a bare openspec/ folder', () => {
    const top = tempDir();
    const project = join(top, 'project');
    write(
      project,
      'openspec/specs/auth/spec.md',
      [
        '# auth Specification',
        '',
        '## Purpose',
        'Authentication of the users of the service, in a sentence or two.',
        '',
        '## Requirements',
        '### Requirement: Login',
        'The system lets users log in.',
        '',
        '#### Scenario: ok',
        '- **WHEN** a user logs in',
        '- **THEN** they are in',
        '',
      ].join('\n'),
    );
    // An openspec/ folder with no specs/, changes/ or config is not a root: the walk goes past it.
    const sub = join(project, 'src/app');
    mkdirSync(join(sub, 'openspec'), { recursive: true });

    const upstream = execFileSync(
      process.execPath,
      [OPENSPEC, 'validate', '--specs', '--json', '--no-interactive'],
      {
        cwd: sub,
        encoding: 'utf8',
        env: { ...process.env, OPENSPEC_TELEMETRY: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const seen = JSON.parse(upstream);
    expect(seen.root).toMatchObject({ path: realpathSync(project), source: 'nearest' });
    expect(seen.items.map((i: { id: string }) => i.id)).toEqual(['auth']);

    const r = cli(['validate', '--json'], { cwd: sub });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary.documents).toBe(1);
    expect(report.findings[0]).toMatchObject({
      code: 'openspec/requirement-no-shall',
      file: 'openspec/specs/auth/spec.md',
    });
    // Nothing above: still the usual refusal.
    expect(cli(['validate'], { cwd: tempDir() }).code).toBe(3);
  }, 60_000);
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, seedWorkspace } from '../helpers/cli.js';

const SPEC = 'docs/specs/SPEC-0001-runner-infrastructure.md';
const SCENARIO = 'Report: GIVEN a month of usage WHEN it closes THEN each team gets its cost';

// spec and extend take a requirement as --requirement "Name: statement"; requirement add takes the same.
describe('requirement add --requirement "Name: statement"', () => {
  it('adds the requirement from the one form spec and extend use', () => {
    const ws = seedWorkspace();
    const r = cli(
      [
        'requirement',
        'add',
        'SPEC-0001',
        '--requirement',
        'Cost Reporting: The system SHALL report runner cost per team: monthly and on demand.',
        '--scenario',
        SCENARIO,
        '--json',
      ],
      { cwd: ws },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, id: 'SPEC-0001/REQ-004' });
    const spec = readFileSync(join(ws, SPEC), 'utf8');
    expect(spec).toContain(
      '### Requirement: Cost Reporting\n\n**ID:** REQ-004\n\nThe system SHALL report runner cost per team: monthly and on demand.',
    );
    expect(cli(['validate', '--strict'], { cwd: ws }).code).toBe(0);
  });

  it('still takes --name and --statement, and refuses both forms saying different things', () => {
    const ws = seedWorkspace();
    const old = cli(
      [
        'requirement',
        'add',
        'SPEC-0001',
        '--name',
        'Cost Reporting',
        '--statement',
        'The system SHALL report cost.',
        '--scenario',
        SCENARIO,
      ],
      { cwd: ws },
    );
    expect(old.code).toBe(0);
    const both = cli(
      [
        'requirement',
        'add',
        'SPEC-0001',
        '--requirement',
        'Budgets: The system SHALL track budgets.',
        '--name',
        'Other',
        '--scenario',
        SCENARIO,
        '--json',
      ],
      { cwd: ws },
    );
    expect(both.code).toBe(2);
    expect(JSON.parse(both.stdout).error.code).toBe('usage/two-forms');
    const twice = cli(
      [
        'requirement',
        'add',
        'SPEC-0001',
        '--requirement',
        'A: It SHALL a.',
        '--requirement',
        'B: It SHALL b.',
      ],
      { cwd: ws },
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('more than once');
    expect(readFileSync(join(ws, SPEC), 'utf8')).not.toContain('Budgets');
  });

  it('shows one form in help', () => {
    const help = cli(['requirement', 'add', '--help'], { cwd: seedWorkspace() }).stdout;
    expect(help).toContain('--requirement <"Name: statement">');
    expect(help).not.toContain('--name');
    expect(help).not.toContain('--statement');
  });
});

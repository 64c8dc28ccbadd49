import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, seedWorkspace } from '../helpers/cli.js';

// `trace` names a requirement without an ID as SPEC-0001#Name; `show` takes that form, and a
// requirement's name after "/" too, so every requirement can be shown, with or without IDs.
describe('show a requirement by what trace prints, or by name', () => {
  it('shows each requirement trace lists for a spec without requirement IDs', () => {
    const ws = seedWorkspace();
    const dir = join(ws, 'docs/specs');
    const file = join(dir, readdirSync(dir).find((f) => f.startsWith('SPEC-0001'))!);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^\*\*ID:\*\* REQ-\d+\n/gm, ''));

    const trace = cli(['trace', 'SPEC-0001'], { cwd: ws });
    expect(trace.code).toBe(0);
    const refs = [...trace.stdout.matchAll(/[├└]─ (SPEC-0001#[^\n]+)/g)].map((m) => m[1]!);
    expect(refs).toEqual(['SPEC-0001#Auto-Scaling', 'SPEC-0001#Monitoring', 'SPEC-0001#Security Isolation']);
    for (const ref of refs) {
      const r = cli(['show', ref], { cwd: ws });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(ref);
      expect(r.stdout).toContain('SHALL');
    }
    const json = JSON.parse(cli(['show', 'SPEC-0001/security  isolation', '--json'], { cwd: ws }).stdout);
    expect(json.document.requirementList.map((q: { name: string }) => q.name)).toEqual([
      'Security Isolation',
    ]);
    const missing = cli(['show', 'SPEC-0001#Billing'], { cwd: ws });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('SPEC-0001#Auto-Scaling, SPEC-0001#Security Isolation');
  }, 60_000);

  it('shows a requirement with an ID by its name as well', () => {
    const ws = seedWorkspace();
    const r = cli(['show', 'SPEC-0001#monitoring'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('SPEC-0001/REQ-003: Monitoring');
    expect(cli(['show', 'SPEC-0001/REQ-003'], { cwd: ws }).stdout).toBe(r.stdout);
  }, 60_000);
});

import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOpenSpecRoot, validateOpenSpec, walkOpenSpec } from '../../../src/domain/openspec/index.js';
import { at, GOOD_SPEC, md, tree } from './helpers.js';

const ADD = md(
  '## ADDED Requirements',
  '### Requirement: New',
  'The system SHALL be new.',
  '#### Scenario: n',
  '- **WHEN** x',
);
const META = 'schema: spec-driven\n';

function findingsOf(root: string, file: string) {
  return at(validateOpenSpec(root).findings.filter((f) => f.file === file));
}

describe('findOpenSpecRoot', () => {
  it('finds openspec/ with specs, changes or config.yaml, and nothing else', () => {
    expect(findOpenSpecRoot(tree({ 'openspec/config.yaml': META }))).toMatch(/openspec$/);
    expect(findOpenSpecRoot(tree({ 'openspec/changes/x/proposal.md': '' }))).toMatch(/openspec$/);
    expect(findOpenSpecRoot(tree({ 'openspec/readme.md': '' }))).toBeNull();
    expect(findOpenSpecRoot(tree({ 'other/openspec/specs/a/spec.md': '' }))).toBeNull();
  });
});

describe('validateOpenSpec', () => {
  it('lists specs (nested too) and active changes, skipping dot folders and the archive', () => {
    const root = tree({
      'openspec/specs/auth/spec.md': GOOD_SPEC,
      'openspec/specs/area/cap/spec.md': GOOD_SPEC,
      'openspec/specs/.hidden/spec.md': 'broken',
      'openspec/specs/spec.md': 'a spec.md at the root is not a capability',
      'openspec/changes/add-x/specs/auth/spec.md': ADD,
      'openspec/changes/.draft/specs/auth/spec.md': 'broken',
      'openspec/changes/archive/2025-01-01-old/specs/auth/spec.md': 'broken',
    });
    const r = validateOpenSpec(root);
    expect(r.items).toEqual([
      { id: 'add-x', type: 'change', file: 'openspec/changes/add-x', valid: true },
      { id: 'area/cap', type: 'spec', file: 'openspec/specs/area/cap/spec.md', valid: true },
      { id: 'auth', type: 'spec', file: 'openspec/specs/auth/spec.md', valid: true },
    ]);
    expect(r.findings).toEqual([]);
  });

  it('finds the same specs whether a folder is listed or, having no subfolder, only probed for spec.md', () => {
    const root = tree({
      'openspec/specs/auth/spec.md': GOOD_SPEC,
      'openspec/specs/notes-only/README.md': 'no spec here',
      'openspec/specs/empty/.keep': '',
      'openspec/specs/area/cap/spec.md': GOOD_SPEC,
      'openspec/specs/parent/spec.md': GOOD_SPEC,
      'openspec/specs/parent/child/spec.md': GOOD_SPEC,
      'elsewhere/real.md': GOOD_SPEC,
      'elsewhere/folder/x.md': '',
    });
    mkdirSync(join(root, 'openspec/specs/linked-file'));
    symlinkSync(join(root, 'elsewhere/real.md'), join(root, 'openspec/specs/linked-file/spec.md'));
    mkdirSync(join(root, 'openspec/specs/dangling'));
    symlinkSync(join(root, 'elsewhere/gone.md'), join(root, 'openspec/specs/dangling/spec.md'));
    const expected = ['area/cap', 'auth', 'linked-file', 'parent', 'parent/child'];
    const walked = walkOpenSpec(root);
    // CI's temp folder is on ext4, whose link counts tell leaves; elsewhere every folder may be listed.
    if (process.env.CI) expect(walked.localFs).toBe(true);
    if (walked.localFs) {
      expect(walked.specs.filter((s) => s.unseen).map((s) => s.id)).toEqual(
        expect.arrayContaining(['auth', 'notes-only', 'area/cap', 'parent/child', 'linked-file']),
      );
      expect(walked.specs.find((s) => s.id === 'parent')?.unseen).toBeUndefined();
    }
    const r = validateOpenSpec(root);
    expect(r.items.map((i) => i.id)).toEqual(expected);
    expect(r.findings).toEqual([]);
  });

  it('does not follow symlinked folders', () => {
    const root = tree({ 'elsewhere/cap/spec.md': 'broken', 'openspec/specs/auth/spec.md': GOOD_SPEC });
    symlinkSync(join(root, 'elsewhere'), join(root, 'openspec/specs/linked'));
    expect(validateOpenSpec(root).items.map((i) => i.id)).toEqual(['auth']);
  });

  it('change-no-deltas, and no extra noise when a misplaced delta explains it', () => {
    const root = tree({
      'openspec/changes/empty/proposal.md': '# Empty',
      'openspec/changes/root-spec/specs/spec.md': ADD,
      'openspec/changes/stray/specs/auth.md': ADD,
      'openspec/changes/stray/specs/notes.md': 'Plain notes are fine.',
    });
    const r = validateOpenSpec(root);
    expect(at(r.findings)).toEqual(['change-no-deltas@-', 'delta-misplaced@-', 'delta-misplaced@-']);
    expect(r.findings.map((f) => f.file)).toEqual([
      'openspec/changes/empty',
      'openspec/changes/root-spec/specs/spec.md',
      'openspec/changes/stray/specs/auth.md',
    ]);
    expect(r.findings[2]!.hint).toContain('specs/auth/spec.md');
  });

  it('skip_specs: accepted without files, a conflict with files, an error when unhonourable', () => {
    const root = tree({
      'openspec/changes/ok/.openspec.yaml': `${META}skip_specs: true\n`,
      'openspec/changes/conflict/.openspec.yaml': `${META}skip_specs: true\n`,
      'openspec/changes/conflict/specs/notes.txt': 'x',
      'openspec/changes/bad/.openspec.yaml': 'skip_specs: true\n',
    });
    const r = validateOpenSpec(root);
    expect(at(r.findings.filter((f) => f.file.includes('/ok/')))).toEqual(['skip-specs-accepted@2']);
    expect(at(r.findings.filter((f) => f.file.includes('/conflict/')))).toEqual(['skip-specs-conflict@2']);
    expect(at(r.findings.filter((f) => f.file.includes('/bad')))).toEqual([
      'change-no-deltas@-',
      'skip-specs-invalid@1',
    ]);
    expect(r.items.map((i) => [i.id, i.valid])).toEqual([
      ['bad', false],
      ['conflict', false],
      ['ok', true],
    ]);
  });

  it('a project-local schema makes skip_specs honourable', () => {
    const root = tree({
      'openspec/schemas/mine/schema.yaml': 'name: mine\n',
      'openspec/changes/ok/.openspec.yaml': 'schema: mine\nskip_specs: true\n',
    });
    expect(at(validateOpenSpec(root).findings)).toEqual(['skip-specs-accepted@2']);
  });

  it('metadata-invalid warns about metadata OpenSpec would refuse to load', () => {
    const root = tree({
      'openspec/changes/c/.openspec.yaml': 'schema: spec-driven\ncreated: yesterday\n',
      'openspec/changes/c/specs/auth/spec.md': ADD,
    });
    expect(findingsOf(root, 'openspec/changes/c/.openspec.yaml')).toEqual(['metadata-invalid@2']);
  });

  it('nested-change replaces every other finding for a namespace folder', () => {
    const root = tree({ 'openspec/changes/mobile/refresh-token/proposal.md': '# x' });
    const r = validateOpenSpec(root);
    expect(at(r.findings)).toEqual(['nested-change@-']);
    expect(r.findings[0]!.message).toContain('openspec/changes/mobile/refresh-token/');
  });

  it('lints tasks.md of spec-driven changes, numbering only for the built-in schema', () => {
    const tasks = md('## 1. A', '- [ ] 2.1 misplaced');
    const files = {
      'openspec/specs/auth/spec.md': GOOD_SPEC,
      'openspec/changes/c/specs/auth/spec.md': ADD,
      'openspec/changes/c/tasks.md': tasks,
    };
    expect(findingsOf(tree(files), 'openspec/changes/c/tasks.md')).toEqual(['task-numbering@2']);
    const custom = tree({ ...files, 'openspec/changes/c/.openspec.yaml': 'schema: other\n' });
    expect(findingsOf(custom, 'openspec/changes/c/tasks.md')).toEqual([]);
    const overridden = tree({ ...files, 'openspec/schemas/spec-driven/schema.yaml': 'name: spec-driven\n' });
    expect(findingsOf(overridden, 'openspec/changes/c/tasks.md')).toEqual([]);
  });

  it('change-overlap: both changes are told about each other', () => {
    const mod = md(
      '## MODIFIED Requirements',
      '### Requirement: Logout',
      'It SHALL end.',
      '#### Scenario: Logout',
      '- x',
    );
    const root = tree({
      'openspec/specs/auth/spec.md': GOOD_SPEC,
      'openspec/changes/a/specs/auth/spec.md': mod,
      'openspec/changes/b/specs/auth/spec.md': mod,
      'openspec/changes/c/specs/auth/spec.md': ADD,
    });
    const r = validateOpenSpec(root);
    expect(r.findings.map((f) => `${f.file}:${f.code}`)).toEqual([
      'openspec/changes/a/specs/auth/spec.md:openspec/change-overlap',
      'openspec/changes/b/specs/auth/spec.md:openspec/change-overlap',
    ]);
    expect(r.findings[0]!.related).toEqual([
      {
        file: 'openspec/changes/b/specs/auth/spec.md',
        line: 2,
        column: 5,
        message: 'MODIFIED in change "b"',
      },
    ]);
    expect(r.items.every((i) => i.valid)).toBe(true);
    expect(validateOpenSpec(root, { strict: true }).items.map((i) => [i.id, i.valid])).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
      ['auth', true],
    ]);
  });

  it('only: selects by id, by file, or by a folder', () => {
    const root = tree({
      'openspec/specs/auth/spec.md': GOOD_SPEC,
      'openspec/specs/area/cap/spec.md': '## Purpose',
      'openspec/changes/c/specs/auth/spec.md': ADD,
    });
    const ids = (only: string[]) => validateOpenSpec(root, { only }).items.map((i) => i.id);
    expect(ids(['auth'])).toEqual(['auth']);
    expect(ids(['openspec/specs/area/cap/spec.md'])).toEqual(['area/cap']);
    expect(ids(['openspec/changes/c/specs/auth/spec.md'])).toEqual(['c']);
    expect(ids(['openspec/specs/'])).toEqual(['area/cap', 'auth']);
    const r = validateOpenSpec(root, { only: ['auth'] });
    expect(r.findings).toEqual([]);
  });

  it('reads a target spec behind a symlinked capability folder, as archive would', () => {
    const mod = md(
      '## MODIFIED Requirements',
      '### Requirement: Logout',
      'It SHALL end.',
      '#### Scenario: Logout',
      '- x',
    );
    const linked = tree({ 'shared/auth/spec.md': GOOD_SPEC, 'openspec/changes/c/specs/auth/spec.md': mod });
    mkdirSync(join(linked, 'openspec/specs'));
    symlinkSync(join(linked, 'shared/auth'), join(linked, 'openspec/specs/auth'));
    const r = validateOpenSpec(linked);
    expect(r.items.map((i) => i.id)).toEqual(['c']);
    expect(r.findings).toEqual([]);
    const missing = tree({ 'openspec/changes/c/specs/auth/spec.md': mod });
    expect(at(validateOpenSpec(missing).findings)).toEqual(['delta-target-missing@2']);
  });

  it('unreadable: a file that is not UTF-8 is an error, not a crash', () => {
    const root = tree({ 'openspec/specs/auth/spec.md': new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x0a]) });
    const r = validateOpenSpec(root);
    expect(at(r.findings)).toEqual(['unreadable@-']);
    expect(r.items[0]!.valid).toBe(false);
  });
});

describe('validateOpenSpec without a tree', () => {
  it('returns nothing for a folder without openspec/', () => {
    expect(validateOpenSpec(tree({ 'README.md': '# x' }))).toEqual({ items: [], findings: [] });
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, minimalProposal, seedWorkspace } from '../helpers/cli.js';

function git(dir: string, args: string[], when?: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (when) env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = when;
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
}

function pt(dir: string, args: string[], today = '2026-11-23'): void {
  const r = cli(args, { cwd: dir, env: { PAPERTRAIL_TODAY: today } });
  if (r.code !== 0) throw new Error(`papertrail ${args.join(' ')} failed: ${r.stderr}`);
}

function commitAll(dir: string, message: string, when: string): void {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', message], when);
}

const specOf = (name: string) => [
  'spec',
  'PROP-0002',
  '--approve-proposal',
  '--requirement',
  `${name} Thing: The system SHALL do ${name}.`,
  '--scenario',
  'Works: GIVEN a WHEN b THEN c',
  '--implementation',
  `org/${name.toLowerCase()}`,
];
const extensionOf = (name: string) => [
  'extend',
  'SPEC-0002',
  '--title',
  `${name} Ext`,
  '--requirement',
  `${name} More: The system SHALL do more ${name}.`,
  '--scenario',
  'More: GIVEN a WHEN b THEN c',
];

/** Every relative Markdown link in the docs names a file that exists. */
function brokenLinks(ws: string): string[] {
  const out: string[] = [];
  for (const folder of ['proposals', 'specs']) {
    const dir = join(ws, 'docs', folder);
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const m of text.matchAll(/\]\(([^)]+\.md)\)/g))
        if (!existsSync(resolve(dirname(join(dir, name)), m[1]!))) out.push(`${folder}/${name} -> ${m[1]}`);
    }
  }
  return out;
}

describe('renumber after two branches took the same numbers', () => {
  it('keeps the first created, and carries every reference with the document that moves', () => {
    const ws = seedWorkspace();
    git(ws, ['init', '-q', '-b', 'main']);
    commitAll(ws, 'seed', '2026-11-01T10:00:00Z');

    // beta's proposal is created first, but approved (which rewrites `date:`) last.
    git(ws, ['checkout', '-q', '-b', 'beta']);
    pt(ws, minimalProposal('Beta Idea'));
    commitAll(ws, 'beta: propose', '2026-11-02T10:00:00Z');

    git(ws, ['checkout', '-q', '-b', 'alpha', 'main']);
    pt(ws, minimalProposal('Alpha Idea'));
    pt(ws, specOf('Alpha'));
    pt(ws, extensionOf('Alpha'));
    // Without its link, only history tells which PROP-0002 alpha's spec was written against.
    const alphaSpec = join(ws, 'docs/specs/SPEC-0002-alpha-idea.md');
    writeFileSync(
      alphaSpec,
      readFileSync(alphaSpec, 'utf8').replace(/\*\*Implements:\*\* \[PROP-0002[^\n]*\n/, ''),
    );
    commitAll(ws, 'alpha: propose, spec, extend', '2026-11-03T10:00:00Z');

    git(ws, ['checkout', '-q', 'beta']);
    pt(ws, ['status', 'PROP-0002', 'approved'], '2026-11-30');
    pt(ws, specOf('Beta'), '2026-11-30');
    pt(ws, extensionOf('Beta'), '2026-11-30');
    commitAll(ws, 'beta: spec, extend', '2026-11-04T10:00:00Z');

    git(ws, ['checkout', '-q', 'main']);
    git(ws, ['merge', '-q', '--no-ff', '-m', 'merge alpha', 'alpha'], '2026-11-05T10:00:00Z');
    git(ws, ['merge', '-q', '--no-ff', '-m', 'merge beta', 'beta'], '2026-11-06T10:00:00Z');
    expect(cli(['validate'], { cwd: ws }).code).toBe(1);

    const r = cli(['renumber', '--json'], { cwd: ws });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.documents).toEqual([
      {
        from: 'PROP-0002',
        to: 'PROP-0003',
        file: 'docs/proposals/PROP-0002-alpha-idea.md',
        newFile: 'docs/proposals/PROP-0003-alpha-idea.md',
      },
      {
        from: 'SPEC-0002',
        to: 'SPEC-0003',
        file: 'docs/specs/SPEC-0002-beta-idea.md',
        newFile: 'docs/specs/SPEC-0003-beta-idea.md',
      },
      {
        from: 'SPEC-0002-EXT-0001',
        to: 'SPEC-0003-EXT-0001',
        file: 'docs/specs/SPEC-0002-EXT-0001-beta-ext.md',
        newFile: 'docs/specs/SPEC-0003-EXT-0001-beta-ext.md',
      },
    ]);
    const read = (f: string) => readFileSync(join(ws, 'docs', f), 'utf8');
    // alpha's spec kept SPEC-0002 (created before beta's) but its proposal moved: it follows.
    const alpha = read('specs/SPEC-0002-alpha-idea.md');
    expect(alpha).toContain('implements: PROP-0003\n');
    expect(alpha).toContain('implement PROP-0003: Alpha Idea');
    expect(alpha).not.toContain('PROP-0002');
    const alphaExt = read('specs/SPEC-0002-EXT-0001-alpha-ext.md');
    expect(alphaExt).toContain('extends: SPEC-0002\nimplements: PROP-0003\n');
    expect(alphaExt).toContain('(../proposals/PROP-0003-alpha-idea.md)');
    expect(alphaExt).toContain('(./SPEC-0002-alpha-idea.md)');
    // beta's proposal kept its number; its spec and extension moved, and still point at it.
    const beta = read('specs/SPEC-0003-beta-idea.md');
    expect(beta).toContain('id: SPEC-0003\n');
    expect(beta).toContain('# SPEC-0003: Beta Idea');
    expect(beta).toContain('implements: PROP-0002\n');
    expect(beta).toContain('[PROP-0002: Beta Idea](../proposals/PROP-0002-beta-idea.md)');
    const betaExt = read('specs/SPEC-0003-EXT-0001-beta-ext.md');
    expect(betaExt).toContain('id: SPEC-0003-EXT-0001\n');
    expect(betaExt).toContain('extends: SPEC-0003\nimplements: PROP-0002\n');
    expect(betaExt).toContain('# SPEC-0003-EXT-0001: Beta Ext');
    expect(betaExt).toContain('(./SPEC-0003-beta-idea.md)');
    expect(read('proposals/PROP-0003-alpha-idea.md')).toContain('# PROP-0003: Alpha Idea');
    expect(brokenLinks(ws)).toEqual([]);
    expect(out.references).toContainEqual({
      file: 'docs/specs/SPEC-0002-alpha-idea.md',
      from: 'PROP-0002',
      to: 'PROP-0003',
    });

    expect(cli(['validate'], { cwd: ws }).code).toBe(0);
    const edges = JSON.parse(cli(['graph', '--format', 'json'], { cwd: ws }).stdout).edges as {
      from: string;
      to: string;
      type: string;
    }[];
    const docEdges = edges
      .filter((e) => e.type === 'implements' || e.type === 'extends')
      .map((e) => `${e.from} ${e.type} ${e.to}`);
    expect(docEdges).toEqual(
      expect.arrayContaining([
        'SPEC-0002 implements PROP-0003',
        'SPEC-0003 implements PROP-0002',
        'SPEC-0002-EXT-0001 extends SPEC-0002',
        'SPEC-0003-EXT-0001 extends SPEC-0003',
      ]),
    );
    expect(cli(['renumber'], { cwd: ws }).stdout).toContain('Nothing to renumber');
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, plannedRepo, ROOT, seedWorkspace, snapshot, tempDir } from '../helpers/cli.js';
import { mcpSession } from '../helpers/mcp.js';

const PROP = join(ROOT, 'examples/seed-000/prop-0001.yaml');
const RB = '.agent/cache/runbooks/SPEC-0001/SPEC-0001-REQ-001-runbook.md';

/** A workspace whose docs/proposals is a symbolic link to `target`. */
function linkedProposals(target: string): string {
  const ws = tempDir();
  expect(cli(['init'], { cwd: ws }).code).toBe(0);
  rmSync(join(ws, 'docs/proposals'), { recursive: true, force: true });
  symlinkSync(target, join(ws, 'docs/proposals'), 'dir');
  return ws;
}

describe('reads and writes stay inside the workspace', () => {
  it('a docs/proposals linked outside gets no proposal written through it', () => {
    const outside = tempDir('pt-outside-');
    const ws = linkedProposals(outside);
    for (let i = 0; i < 2; i++) {
      const r = cli(['propose', '--from', PROP], { cwd: ws });
      expect(r.stderr).toContain('error path/outside-workspace:');
      expect(r.stderr).toContain(`it leads to ${outside}`);
      expect(r.stderr).toContain('hint:');
      expect(r.code).toBe(3);
    }
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a docs/proposals linked to another folder of the workspace is refused too: reads skip it', () => {
    const ws = tempDir();
    expect(cli(['init'], { cwd: ws }).code).toBe(0);
    mkdirSync(join(ws, 'shared'));
    rmSync(join(ws, 'docs/proposals'), { recursive: true, force: true });
    symlinkSync(join(ws, 'shared'), join(ws, 'docs/proposals'), 'dir');
    const r = cli(['propose', '--from', PROP], { cwd: ws });
    expect(r.stderr).toContain('error path/symlinked-folder: docs/proposals is a symbolic link (to shared)');
    expect(r.code).toBe(3);
    expect(readdirSync(join(ws, 'shared'))).toEqual([]);
  });

  it('a docs folder papertrail.yaml names may be a link elsewhere: it is configured', () => {
    const outside = tempDir('pt-decisions-');
    const ws = tempDir();
    expect(cli(['init', '--docs', 'decisions'], { cwd: ws }).code).toBe(0);
    cpSync(join(ws, 'decisions'), outside, { recursive: true });
    rmSync(join(ws, 'decisions'), { recursive: true });
    symlinkSync(outside, join(ws, 'decisions'), 'dir');
    for (const n of ['0001', '0002']) {
      const r = cli(['propose', '--from', PROP, '--allow-duplicate', '--json'], { cwd: ws });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).id).toBe(`PROP-${n}`);
    }
    expect(readdirSync(join(outside, 'proposals')).sort()).toEqual([
      'PROP-0001-runner-infrastructure.md',
      'PROP-0002-runner-infrastructure.md',
    ]);
  });

  it('a docs folder that is a link elsewhere without papertrail.yaml is not read', () => {
    const outside = tempDir('pt-docs-');
    const ws = seedWorkspace({ spec: false });
    cpSync(join(ws, 'docs'), outside, { recursive: true });
    const bare = tempDir();
    symlinkSync(outside, join(bare, 'docs'), 'dir');
    const r = cli(['show', 'PROP-0001'], { cwd: bare });
    expect(r.stderr).toContain('error path/outside-workspace: docs is outside the workspace');
    expect(r.code).toBe(3);
  });

  it('runbook review and accept refuse a runbook outside the workspace and leave it as it was', () => {
    const ws = seedWorkspace();
    expect(cli(['runbook', 'new', 'SPEC-0001/REQ-001'], { cwd: ws }).code).toBe(0);
    const outside = join(tempDir('pt-outside-'), 'outside.md');
    renameSync(join(ws, RB), outside);
    const before = readFileSync(outside, 'utf8');
    for (const verb of ['review', 'accept']) {
      const r = cli(['runbook', verb, outside, ...(verb === 'accept' ? ['--override', 'x'] : [])], {
        cwd: ws,
      });
      expect(r.stderr).toContain(`error path/outside-workspace: ${outside} is outside the workspace`);
      expect(r.code).toBe(3);
    }
    // A runbook inside that is a link to the same file: the link is found by ID and still refused.
    symlinkSync(outside, join(ws, RB));
    const linked = cli(['runbook', 'review', 'SPEC-0001/REQ-001'], { cwd: ws });
    expect(linked.stderr).toContain(`error path/outside-workspace: ${RB} is outside the workspace`);
    expect(linked.stderr).toContain(`it leads to ${outside}`);
    expect(readFileSync(outside, 'utf8')).toBe(before);
  });

  it('runbook new with a story ID that climbs out reads nothing and writes nothing', () => {
    const ws = seedWorkspace();
    const outside = tempDir('pt-outside-');
    writeFileSync(
      join(outside, 'SECRET.md'),
      '# SECRET: Not yours\n\n## State\n\nCOMMITTED\n\n## Problem Statement\n\nprivate text\n',
    );
    mkdirSync(join(ws, '.agent/cache/stories/OPS'), { recursive: true });
    const climb = `${'../'.repeat(8)}${outside.slice(1)}/SECRET`;
    const before = snapshot(ws);
    const r = cli(['runbook', 'new', climb], { cwd: ws });
    expect(r.stderr).toContain('error path/outside-workspace:');
    expect(r.stderr).not.toContain('private text');
    expect(r.code).toBe(3);
    expect(snapshot(ws)).toEqual(before);
  });

  it('governance init writes nothing through an .agent folder linked out of the workspace', () => {
    const ws = seedWorkspace({ spec: false });
    const outside = tempDir('pt-outside-');
    symlinkSync(outside, join(ws, '.agent'), 'dir');
    const r = cli(['governance', 'init'], { cwd: ws });
    expect(r.stderr).toContain('error path/outside-workspace: .agent/');
    expect(r.stderr).toContain(`it leads to ${outside}/`);
    expect(r.code).toBe(3);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('validate and check refuse files outside the workspace', () => {
    const ws = seedWorkspace({ spec: false });
    const outside = tempDir('pt-outside-');
    writeFileSync(join(outside, 'constitution.md'), '# Constitution\n\n**Version**: 1.0.0\n');
    writeFileSync(join(outside, 'PROP-0009-x.md'), '# not a proposal\n');
    const v = cli(['validate', join(outside, 'PROP-0009-x.md')], { cwd: ws });
    expect(v.stderr).toContain('error path/outside-workspace:');
    expect(v.code).toBe(3);
    const c = cli(['check', '--constitution', `${'../'.repeat(8)}${outside.slice(1)}/constitution.md`], {
      cwd: ws,
    });
    expect(c.stderr).toContain('error path/outside-workspace:');
    expect(c.code).toBe(3);
  });

  it('the MCP tools refuse the same paths', async () => {
    const ws = seedWorkspace();
    const outside = tempDir('pt-outside-');
    const s = await mcpSession(ws);
    try {
      expect((await s.ok('runbook_new', { story: 'SPEC-0001/REQ-001' })).file).toBe(RB);
      const rb = join(outside, 'outside.md');
      renameSync(join(ws, RB), rb);
      const before = readFileSync(rb, 'utf8');
      expect(await s.fail('runbook_review', { id: rb })).toMatchObject({
        code: 'path/outside-workspace',
        exit: 3,
      });
      expect(await s.fail('runbook_accept', { id: rb, override: 'x' })).toMatchObject({
        code: 'path/outside-workspace',
      });
      expect(readFileSync(rb, 'utf8')).toBe(before);
      writeFileSync(join(outside, 'S.md'), '# S: s\n\n## State\n\nCOMMITTED\n');
      mkdirSync(join(ws, '.agent/cache/stories/OPS'), { recursive: true });
      expect(await s.fail('runbook_new', { story: `${'../'.repeat(8)}${outside.slice(1)}/S` })).toMatchObject(
        { code: 'path/outside-workspace' },
      );
      expect(await s.fail('validate', { paths: [rb] })).toMatchObject({ code: 'path/outside-workspace' });

      rmSync(join(ws, 'docs/proposals'), { recursive: true });
      symlinkSync(outside, join(ws, 'docs/proposals'), 'dir');
      const req = {
        title: 'Outside',
        problem: 'p',
        goals: ['g'],
        recommendation: 'r',
      };
      expect(await s.fail('propose', req)).toMatchObject({ code: 'path/outside-workspace', exit: 3 });
      expect(readdirSync(outside).sort()).toEqual(['S.md', 'outside.md']);
    } finally {
      await s.close();
    }
  });
});

// An assistant names paths in tool arguments; it may point only where its client says it works (MCP
// roots), or, when the client sends none, into the workspace and the folders beside it.
describe('MCP path arguments stay in the allowed folders', () => {
  it('without roots: the workspace and the folders beside it, nothing else', async () => {
    const ws = seedWorkspace();
    const parent = dirname(ws);
    const s = await mcpSession(ws);
    try {
      const check = await s.fail('check', { constitution: '/etc/passwd' });
      expect(check).toMatchObject({ code: 'path/outside-workspace', exit: 3 });
      expect(check.message).toBe(
        `constitution: /etc/passwd is outside the workspace ${ws} and the folders beside it in ${parent}`,
      );
      expect(await s.fail('validate', { paths: ['docs', '/etc/passwd'] })).toMatchObject({
        code: 'path/outside-workspace',
        message: expect.stringContaining('paths: /etc/passwd is outside the workspace'),
      });
      expect(await s.fail('bootstrap', { spec: 'SPEC-0001', dir: '/etc', dry_run: true })).toMatchObject({
        code: 'path/outside-workspace',
        message: expect.stringContaining('dir: /etc is outside the workspace'),
      });
      // The folder that holds the workspace is not beside it: bootstrap would fill it with a repository.
      expect(await s.fail('bootstrap', { spec: 'SPEC-0001', dir: '..', dry_run: true })).toMatchObject({
        code: 'path/outside-workspace',
      });
      expect(await s.fail('sync', { spec: 'SPEC-0001', dir: '/etc', dry_run: true })).toMatchObject({
        code: 'path/outside-workspace',
      });
      expect(await s.fail('init', { docs: '../../etc', dry_run: true })).toMatchObject({
        code: 'path/outside-workspace',
      });
      const beside = await s.ok('bootstrap', { spec: 'SPEC-0001', dir: '../my-service', dry_run: true });
      expect(beside).toMatchObject({ dir: join(parent, 'my-service'), dryRun: true });
      expect((await s.ok('validate', { paths: ['docs'] })).ok).toBe(true);
    } finally {
      await s.close();
    }
    expect(existsSync(join(parent, 'my-service'))).toBe(false);
  });

  it("with the client's roots: only those, and again after the client changes them", async () => {
    const ws = seedWorkspace();
    const other = tempDir('pt-root-');
    const s = await mcpSession(ws, {}, { roots: [ws] });
    try {
      const e = await s.fail('bootstrap', { spec: 'SPEC-0001', dir: '../my-service', dry_run: true });
      expect(e).toMatchObject({ code: 'path/outside-roots', exit: 3 });
      expect(e.message).toBe(
        `dir: ../my-service is outside the roots the MCP client allows (${realpathSync(ws)})`,
      );
      expect((await s.ok('validate', { paths: ['docs'] })).ok).toBe(true);
      await s.setRoots([ws, other]);
      const svc = join(other, 'svc');
      expect(await s.ok('bootstrap', { spec: 'SPEC-0001', dir: svc, dry_run: true })).toMatchObject({
        dir: svc,
      });
      expect(await s.fail('check', { constitution: '/etc/passwd' })).toMatchObject({
        code: 'path/outside-roots',
      });
    } finally {
      await s.close();
    }
  });
});

describe('git never takes a user-given value for an option', () => {
  let repo: string;
  beforeAll(() => {
    repo = plannedRepo().repo;
  });

  it('a --base starting with "-" is refused, not passed to git checkout', () => {
    const r = cli(['implement', '2', '--base=--orphan=x'], { cwd: repo });
    expect(r.stderr).toContain('error git/bad-ref: "--orphan=x" is not a valid revision name');
    expect(r.code).toBe(2);
    expect(execFileSync('git', ['branch', '--list', 'implement/*'], { cwd: repo, encoding: 'utf8' })).toBe(
      '',
    );
  });

  it('a dependencies.yaml URL starting with "--" is refused at its line before the plan runs', () => {
    const marker = join(tempDir('pt-marker-'), 'pwned');
    // A bare repository where the clone goes: no .git inside, so plan tries to clone it.
    const bare = join(repo, 'scratchpad/contexts/evil');
    mkdirSync(bare, { recursive: true });
    execFileSync('git', ['init', '-q', '--bare', bare]);
    writeFileSync(
      join(repo, '.github/spec/dependencies.yaml'),
      `dependencies:\n  - spec: SPEC-0009\n    title: Evil\n    repo: org/evil\n    url: "--upload-pack=touch ${marker}; git-upload-pack"\n`,
    );
    const r = cli(['plan'], { cwd: repo });
    expect(r.stderr).toContain(
      '.github/spec/dependencies.yaml:5:10: error dependencies/invalid: .github/spec/dependencies.yaml: "dependencies.0.url" must not start with "-"',
    );
    expect(r.code).toBe(2);
    expect(existsSync(marker)).toBe(false);
  });
});

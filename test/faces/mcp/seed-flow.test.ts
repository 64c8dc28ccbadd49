import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, ROOT, seedWorkspace, snapshot, tempDir } from '../../helpers/cli.js';
import { mcpSession } from '../../helpers/mcp.js';

const EX = join(ROOT, 'examples/seed-000');
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
const proposal = () => parse(readFileSync(join(EX, 'prop-0001.yaml'), 'utf8')) as Record<string, unknown>;
const spec = () => JSON.parse(readFileSync(join(EX, 'spec-0001.json'), 'utf8')) as Record<string, unknown>;

// Seed 000 end to end as an assistant drives it: the official MCP client talks to `papertrail mcp`
// (the built CLI) over stdio, first in the decisions workspace, then in the bootstrapped repository
// (where the engineer opens the new repo and the editor starts a server there).
describe('seed 000 through the MCP server', () => {
  it('propose → approve → spec → validate → bootstrap → plan → next → implement', async () => {
    const ws = tempDir();
    const repo = join(tempDir(), 'runner-infra');
    const a = await mcpSession(ws);
    try {
      const tools = (await a.client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(
        expect.arrayContaining([
          'init',
          'propose',
          'status',
          'spec',
          'validate',
          'bootstrap',
          'plan',
          'next',
        ]),
      );
      expect(a.client.getInstructions()).toContain('dry_run true first');
      const prompts = (await a.client.listPrompts()).prompts.map((p) => p.name);
      expect(prompts).toEqual(['propose', 'spec', 'bootstrap', 'plan', 'implement', 'runbook']);

      const init = await a.ok('init');
      expect(init.created).toEqual(
        expect.arrayContaining(['papertrail.yaml', '.vscode/mcp.json', '.github/skills/pt-propose/SKILL.md']),
      );

      // Part 1: /propose. The dry run names the file and writes nothing; the write gives the same bytes.
      const [dry, markdown] = await a.okDoc('propose', { ...proposal(), dry_run: true });
      expect(dry).toMatchObject({
        ok: true,
        id: 'PROP-0001',
        file: 'docs/proposals/PROP-0001-runner-infrastructure.md',
        dryRun: true,
      });
      expect(existsSync(join(ws, dry.file))).toBe(false);
      const made = await a.ok('propose', proposal());
      expect(made).toEqual({ ok: true, id: 'PROP-0001', file: dry.file, dryRun: false });
      expect(readFileSync(join(ws, dry.file), 'utf8')).toBe(markdown);

      expect(await a.ok('status', { id: 'PROP-0001', status: 'approved' })).toMatchObject({
        from: 'draft',
        to: 'approved',
      });

      // Part 2: /spec PROP-0001 with the seed's three requirements.
      const specDry = await a.ok('spec', { ...spec(), dry_run: true });
      expect(specDry).toMatchObject({
        id: 'SPEC-0001',
        file: 'docs/specs/SPEC-0001-runner-infrastructure.md',
      });
      expect(await a.ok('spec', spec())).toMatchObject({ id: 'SPEC-0001', dryRun: false, warnings: [] });

      const v = await a.ok('validate');
      expect(v.ok).toBe(true);
      expect(v.summary.errors).toBe(0);
      expect((await a.ok('list')).documents.map((d: { id: string }) => d.id)).toEqual([
        'PROP-0001',
        'SPEC-0001',
      ]);
      const req = await a.ok('show', { id: 'SPEC-0001/REQ-003' });
      expect(req.document.requirementList[0]).toMatchObject({
        name: 'Monitoring',
        dependsOn: ['Auto-Scaling', 'Security Isolation'],
      });

      // The documents are byte for byte what the CLI writes from the same requests.
      expect(snapshot(join(ws, 'docs'))).toEqual(snapshot(join(seedWorkspace(), 'docs')));

      // Part 3: /bootstrap SPEC-0001.
      const bootDry = await a.ok('bootstrap', { spec: 'SPEC-0001', dir: repo, dry_run: true });
      expect(bootDry).toMatchObject({
        repo: 'github/runner-infra',
        status: 'new',
        action: 'create',
        dryRun: true,
      });
      expect(existsSync(repo)).toBe(false);
      const boot = await a.ok('bootstrap', { spec: 'SPEC-0001', dir: repo });
      expect(boot.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(git(repo, 'log', '--format=%s')).toBe('Bootstrap SPEC-0001: Runner Infrastructure');
      for (const f of [
        'AGENTS.md',
        '.github/skills/pt-plan/SKILL.md',
        '.github/skills/pt-implement/SKILL.md',
        '.claude/skills/pt-plan/SKILL.md',
        '.claude/skills/pt-implement/SKILL.md',
        '.github/spec/spec.md',
      ])
        expect(existsSync(join(repo, f)), f).toBe(true);
      expect(JSON.parse(readFileSync(join(repo, '.vscode/mcp.json'), 'utf8'))).toEqual({
        servers: {
          papertrail: { type: 'stdio', command: 'npx', args: ['--no-install', 'papertrail-spec', 'mcp'] },
        },
      });
      expect(JSON.parse(readFileSync(join(repo, '.mcp.json'), 'utf8')).mcpServers.papertrail.args).toEqual([
        '--no-install',
        'papertrail-spec',
        'mcp',
      ]);
    } finally {
      await a.close();
    }

    // Part 4 and "What Happens Next", in the new repository.
    const b = await mcpSession(repo);
    try {
      expect((await b.client.listPrompts()).prompts.map((p) => p.name)).toContain('implement');
      const planDry = await b.ok('plan', { dry_run: true });
      expect(planDry.dryRun).toBe(true);
      expect(planDry.rows.map((r: { action: string }) => r.action)).toEqual([
        'create',
        'create',
        'create',
        'create',
      ]);
      expect(await b.fail('next')).toMatchObject({ code: 'plan/not-planned', exit: 3 });

      const plan = await b.ok('plan');
      expect(plan.table).toContain('| 1 | [SPEC-0001] Runner Infrastructure | Tracking | - |');
      expect(plan.table).toContain('| 2 | [REQ] Auto-Scaling | Requirement | - |');
      expect(plan.table).toContain('| 3 | [REQ] Security Isolation | Requirement | - |');
      expect(plan.table).toContain('| 4 | [REQ] Monitoring | Requirement | #2, #3 |');
      expect(plan.table).toContain('└── #4 Monitoring (blocked by #2, #3)');
      expect((await b.ok('plan')).writes).toBe(0);

      expect((await b.ok('next')).next).toEqual({
        number: 2,
        title: '[REQ] Auto-Scaling',
        key: 'SPEC-0001/REQ-001',
      });
      expect(await b.fail('implement', { issue: 4 })).toMatchObject({ code: 'issue/blocked', exit: 3 });

      const implDry = await b.ok('implement', { dry_run: true });
      expect(implDry).toMatchObject({
        issue: 2,
        branch: 'implement/issue-2-auto-scaling',
        dryRun: true,
        pullRequest: { number: null, title: 'Implement #2: Auto-Scaling', draft: true },
      });
      expect(git(repo, 'branch', '--list', 'implement/*')).toBe('');

      const impl = await b.ok('implement');
      expect(impl).toMatchObject({
        issue: 2,
        branch: 'implement/issue-2-auto-scaling',
        created: true,
        pullRequest: { number: 5, title: 'Implement #2: Auto-Scaling', draft: true, base: 'main' },
      });
      expect(impl.pullRequest.body).toContain(
        '- [ ] **Scale up on queue pressure**: GIVEN a pool configured with min=2, max=20 runners',
      );
      expect(git(repo, 'log', '-1', '--format=%B', 'implement/issue-2-auto-scaling')).toContain(
        'Resolves #2',
      );

      // The server holds no lock between calls: the CLI works beside it on the same store.
      const next = cli(['next'], { cwd: repo });
      expect(next.stderr).toBe('');
      expect(next.stdout).toContain('#2 [REQ] Auto-Scaling (SPEC-0001/REQ-001)');

      const trace = await b.ok('trace', { id: 'SPEC-0001/REQ-001' });
      expect(trace.work).toEqual([
        {
          requirement: 'SPEC-0001/REQ-001',
          issue: { number: 2, title: '[REQ] Auto-Scaling', state: 'open', stateReason: null },
          branch: { name: 'implement/issue-2-auto-scaling', exists: true },
          pullRequests: [
            {
              number: 5,
              title: 'Implement #2: Auto-Scaling',
              head: 'implement/issue-2-auto-scaling',
              draft: true,
              state: 'open',
              merged: false,
            },
          ],
        },
      ]);
      expect(b.stderr()).toBe('');
    } finally {
      await b.close();
    }
  }, 300_000);
});

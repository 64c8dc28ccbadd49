import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plannedRepo } from '../../helpers/cli.js';
import { mcpSession } from '../../helpers/mcp.js';

// Seed 004 through MCP: the /runbook prompt's tools in a planned repository, as an assistant calls them.
describe('runbook tools through the MCP server', () => {
  it('runbook_new (dry run, then for real) → runbook_review → runbook_accept refused, then overridden', async () => {
    const { repo } = plannedRepo();
    const rb = join(repo, '.agent/cache/runbooks/SPEC-0001/SPEC-0001-REQ-001-runbook.md');
    const s = await mcpSession(repo);
    try {
      const [, dry] = await s.okDoc('runbook_new', { story: 'ISSUE-2', dry_run: true });
      expect(dry).toContain('Status: PROPOSED');
      expect(existsSync(rb)).toBe(false);
      const made = await s.ok('runbook_new', { story: 'ISSUE-2' });
      expect(made.file).toBe('.agent/cache/runbooks/SPEC-0001/SPEC-0001-REQ-001-runbook.md');
      expect(readFileSync(rb, 'utf8')).toContain('- [ ] @Security approved?');

      const review = await s.ok('runbook_review', { id: 'SPEC-0001/REQ-001' });
      expect(readFileSync(rb, 'utf8')).toContain('## Panel Findings');
      expect(review.findings.length).toBeGreaterThan(0);

      const before = readFileSync(rb, 'utf8');
      expect(await s.fail('runbook_accept', { id: 'SPEC-0001/REQ-001' })).toMatchObject({
        code: 'runbook/not-approved',
        exit: 1,
      });
      expect(readFileSync(rb, 'utf8')).toBe(before);
      const accepted = await s.ok('runbook_accept', {
        id: 'SPEC-0001/REQ-001',
        override: 'Spike; reviewed in person',
      });
      expect(accepted.status).toBe('ACCEPTED');
      expect(readFileSync(rb, 'utf8')).toContain('Spike; reviewed in person');
      expect((await s.fail('check', {})).code).toBe('constitution/not-found');
    } finally {
      await s.close();
    }
  }, 120_000);
});

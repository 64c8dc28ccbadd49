import { describe, expect, it } from 'vitest';
import { ALPHA, fakes } from '../../../bench/secrets/corpus.js';
import { aiPrompt, buildTarget } from '../../../src/domain/governance/index.js';

const { fake } = fakes(11);

describe('the AI reviewer is never sent a secret', () => {
  it('redacts the runbook before it leaves, keeping line numbers', () => {
    const token = `ghp_${fake(ALPHA.alnum, 36)}`;
    const body = [fake(ALPHA.b64, 64), fake(ALPHA.b64, 64)];
    const source = [
      '# WEB-1: Export invoices',
      '',
      'Status: PROPOSED',
      '',
      '## Goal Description',
      `Deploy with GITHUB_TOKEN=${token} for now.`,
      '```',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      ...body,
      '-----END OPENSSH PRIVATE KEY-----',
      '```',
      'Then export the invoices.',
    ].join('\n');
    const [, user] = aiPrompt('Security', [], buildTarget('runbook', 'rb.md', source));
    expect(user!.content).not.toContain(token);
    for (const b of body) expect(user!.content).not.toContain(b);
    expect(user!.content).toContain('6: Deploy with GITHUB_TOKEN=[REDACTED] for now.');
    expect(user!.content).toContain('8: [REDACTED] private key');
    expect(user!.content).toContain('13: Then export the invoices.');
  });
});

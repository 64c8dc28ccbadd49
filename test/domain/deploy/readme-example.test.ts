import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/base/index.js';
import { diagnosePickup } from '../../../src/domain/deploy/index.js';

describe("the README's environments example", () => {
  it('is a valid papertrail.yaml whose prod pools fail over as the README says', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const yaml = /## Deploys: environments and runners[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeDefined();
    const config = parseConfig(`version: 1\n${yaml}`, 'README.md');
    const prod = config.environments?.prod;
    expect(prod?.runners?.secondary).toEqual(['self-hosted', 'linux', 'prod-dr']);
    expect(config.environments?.staging?.deploy.command).toBe('./scripts/deploy.sh staging');
    const now = Date.parse('2026-01-01T10:06:00Z');
    const d = diagnosePickup({
      environment: 'prod',
      pools: prod!.runners!,
      pickupMinutes: prod!.pickupMinutes,
      runners: [
        {
          id: 1,
          name: 'prod-1',
          status: 'online',
          busy: true,
          labels: ['self-hosted', 'linux', 'prod'],
          scope: 'repository',
        },
        {
          id: 2,
          name: 'dr-1',
          status: 'online',
          busy: false,
          labels: ['self-hosted', 'linux', 'prod-dr'],
          scope: 'organization',
        },
      ],
      job: {
        labels: prod!.runners!.primary,
        status: 'queued',
        createdAt: '2026-01-01T10:00:00Z',
        startedAt: null,
        runnerName: null,
      },
      now,
    });
    expect(d.decision).toBe('failover');
  });
});

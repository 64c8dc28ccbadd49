import { describe, expect, it } from 'vitest';
import { withoutRuntimeProbe } from '../../../src/ports/store/pg-probe.js';

describe('withoutRuntimeProbe', () => {
  const g = globalThis as { navigator?: { userAgent?: string } };

  it.skipIf(g.navigator !== undefined)('gives a navigator only while loading, like Node 21 has', async () => {
    let during: string | undefined;
    const r = await withoutRuntimeProbe(async () => {
      during = g.navigator?.userAgent;
      return 7;
    });
    expect(r).toBe(7);
    expect(during).toBe(`Node.js/${process.versions.node.split('.')[0]}`);
    expect('navigator' in globalThis).toBe(false);
    await expect(
      withoutRuntimeProbe(async () => {
        throw new Error('load failed');
      }),
    ).rejects.toThrow('load failed');
    expect('navigator' in globalThis).toBe(false);
  });

  it('loads pg, which then takes its usual Node streams', async () => {
    const pg = await withoutRuntimeProbe(async () => (await import('pg')).default);
    expect(typeof pg.Pool).toBe('function');
  });
});

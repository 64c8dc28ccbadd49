import { describe, expect, it } from 'vitest';
import { coalesce } from '../../../src/faces/http/coalesce.js';

// A reader whose reads end when the test says: `finish()` ends the read under way.
function gated() {
  let reads = 0;
  const ends: (() => void)[] = [];
  const reader = coalesce(async () => {
    reads++;
    await new Promise<void>((r) => ends.push(r));
  });
  const finish = async () => {
    ends.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { reader, finish, reads: () => reads };
}

const state = (p: Promise<void>) => {
  let s = 'pending';
  p.then(() => {
    s = 'settled';
  });
  return () => s;
};

describe('coalesce', () => {
  it('settled: at once when nothing reads', async () => {
    const { reader } = gated();
    await expect(reader.settled()).resolves.toBeUndefined();
  });

  it('settled: waits for the read under way and one more when a signal came meanwhile, never longer', async () => {
    const { reader, finish, reads } = gated();
    reader.signal();
    const first = state(reader.settled());
    reader.signal(); // during the first read: a second read is due
    const second = state(reader.settled());
    await finish();
    expect(reads()).toBe(2);
    expect(first()).toBe('settled');
    expect(second()).toBe('pending');
    // Changes keep coming: each read is followed by another, yet `second` waits for no third.
    reader.signal();
    await finish();
    expect(second()).toBe('settled');
    expect(reads()).toBe(3);
    const idle = state(reader.idle());
    expect(idle()).toBe('pending');
    await finish();
    await Promise.resolve();
    expect(idle()).toBe('settled');
  });
});

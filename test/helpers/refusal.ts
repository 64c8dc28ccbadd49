import { expect } from 'vitest';
import { PtError } from '../../src/base/errors.js';

/** The PtError `fn` throws; the test fails when it throws nothing or something else. */
export function refusalOf(fn: () => unknown): PtError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PtError);
    return e as PtError;
  }
  throw new Error('expected a refusal');
}

/** The PtError `p` rejects with; the test fails when it resolves or rejects with something else. */
export async function rejectionOf(p: Promise<unknown>): Promise<PtError> {
  const e = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PtError);
  return e as PtError;
}

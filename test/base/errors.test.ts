import { describe, expect, it } from 'vitest';
import { EXIT, exitForSignal, formatLocation, isPtError, PtError } from '../../src/base/index.js';

describe('PtError', () => {
  it('carries code, message, hint, location, exit code, cause and details', () => {
    const cause = new Error('disk full');
    const e = new PtError('fs/write-failed', 'Could not write a.md', {
      hint: 'Free some space.',
      location: { file: 'a.md', line: 3, column: 2 },
      exit: EXIT.external,
      cause,
      details: { tried: 1 },
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PtError');
    expect(e.cause).toBe(cause);
    expect(e.toJSON()).toEqual({
      code: 'fs/write-failed',
      message: 'Could not write a.md',
      hint: 'Free some space.',
      location: { file: 'a.md', line: 3, column: 2 },
      exit: 4,
      details: { tried: 1 },
    });
  });

  it('defaults to the usage exit code and leaves out what is not set', () => {
    const e = new PtError('input/x', 'bad');
    expect(e.exit).toBe(EXIT.usage);
    expect(e.toJSON()).toEqual({ code: 'input/x', message: 'bad', exit: 2 });
    expect('cause' in e).toBe(false);
  });

  it('is recognised by isPtError only', () => {
    expect(isPtError(new PtError('a/b', 'm'))).toBe(true);
    expect(isPtError(new Error('m'))).toBe(false);
    expect(isPtError({ code: 'a/b', message: 'm' })).toBe(false);
  });

  it('has the documented exit codes', () => {
    expect(EXIT).toEqual({
      ok: 0,
      findings: 1,
      usage: 2,
      notFound: 3,
      conflict: 3,
      external: 4,
      interrupted: 130,
      terminated: 143,
    });
    expect([exitForSignal('SIGINT'), exitForSignal('SIGTERM')]).toEqual([130, 143]);
  });
});

describe('formatLocation', () => {
  it('writes file, file:line or file:line:col', () => {
    expect(formatLocation(undefined)).toBe('');
    expect(formatLocation({ file: 'a.md' })).toBe('a.md');
    expect(formatLocation({ file: 'a.md', line: 4 })).toBe('a.md:4');
    expect(formatLocation({ file: 'a.md', line: 4, column: 7 })).toBe('a.md:4:7');
    expect(formatLocation({ file: 'a.md', column: 7 })).toBe('a.md');
  });
});

import { describe, expect, it } from 'vitest';
import { DEADLINES, deadlineMs, formatWait } from '../../src/base/deadlines.js';
import { PtError } from '../../src/base/errors.js';
import {
  redactDeep,
  redactErrorText,
  redactText,
  registerSecret,
  secretValues,
} from '../../src/base/redact.js';
import { REDACTED } from '../../src/base/secrets.js';

describe('secretValues', () => {
  it('reads the tokens, the LLM key and the password of DATABASE_URL (as written and decoded)', () => {
    const env = {
      GITHUB_TOKEN: ' ghp_abcdef ',
      GH_TOKEN: 'gho_123456',
      PAPERTRAIL_LLM_API_KEY: 'sk-live-1',
      DATABASE_URL: 'postgres://pt:p%40ss%2Fword@db:5432/pt',
      HOME: '/home/me',
    };
    expect(secretValues(env).sort()).toEqual(
      ['ghp_abcdef', 'gho_123456', 'sk-live-1', 'p%40ss%2Fword', 'p@ss/word'].sort(),
    );
  });

  it('finds the password of a URL that node cannot parse', () => {
    expect(secretValues({ DATABASE_URL: 'postgres://pt:s3cr3t@[bad/db' })).toContain('s3cr3t');
  });

  it('ignores values too short to redact without garbling the output', () => {
    expect(secretValues({ GITHUB_TOKEN: 'abc', DATABASE_URL: 'postgres://u:pw@h/db' })).toEqual([]);
  });

  it('includes secrets registered at run time', () => {
    registerSecret('from-gh-auth-token');
    expect(secretValues({})).toContain('from-gh-auth-token');
  });
});

describe('redactText and redactDeep', () => {
  const secrets = ['tok-123456', 'tok-123456-longer'];

  it('replaces every occurrence, the longest secret first', () => {
    expect(redactText('a tok-123456-longer b tok-123456 c', secrets.slice().reverse())).toBe(
      `a ${REDACTED} b ${REDACTED} c`,
    );
  });

  it('walks objects and arrays, keys too, and errors as they serialise', () => {
    const err = new PtError('forge/x', 'echo tok-123456', {
      hint: 'try tok-123456',
      details: { requestId: 'tok-123456', nested: [{ 'tok-123456': 1 }] },
    });
    const out = redactDeep({ error: err, n: 4, ok: true, none: null }, secrets);
    expect(JSON.stringify(out)).not.toContain('tok-123456');
    expect(out).toMatchObject({
      error: {
        code: 'forge/x',
        message: `echo ${REDACTED}`,
        hint: `try ${REDACTED}`,
        details: { requestId: REDACTED, nested: [{ [REDACTED]: 1 }] },
      },
      n: 4,
      ok: true,
      none: null,
    });
  });

  it('survives cycles and returns the value itself when there is no secret to hide', () => {
    const a: Record<string, unknown> = { s: 'tok-123456' };
    a.self = a;
    const out = redactDeep(a, secrets) as Record<string, unknown>;
    expect(out.s).toBe(REDACTED);
    expect(out.self).toBe(out);
    const v = { x: 1 };
    expect(redactDeep(v, [])).toBe(v);
  });
});

describe('deadlines', () => {
  it('reads seconds from the environment, with the default when unset', () => {
    expect(deadlineMs(DEADLINES.github, {})).toBe(30_000);
    expect(deadlineMs(DEADLINES.github, { PAPERTRAIL_GITHUB_TIMEOUT: '0.25' })).toBe(250);
    expect(() => deadlineMs(DEADLINES.git, { PAPERTRAIL_GIT_TIMEOUT: '0' })).toThrow(
      expect.objectContaining({ code: 'config/bad-env', exit: 2 }),
    );
    expect(formatWait(250)).toBe('250 ms');
    expect(formatWait(30_000)).toBe('30 s');
    expect(formatWait(1500)).toBe('1.5 s');
  });
});

describe('redactErrorText', () => {
  it('also hides secrets nobody told us about, keeping the key name', () => {
    const token = ['ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('');
    const out = redactErrorText(`GitHub said: bad credentials for token=${token}`);
    expect(out).not.toContain(token);
    expect(out).toContain(`token=${REDACTED}`);
  });

  it('leaves ordinary error text alone', () => {
    const text = 'docs/specs/SPEC-0001.md:3:1: error doc/exists: the password policy is missing';
    expect(redactErrorText(text)).toBe(text);
  });
});

import { spawnSync } from 'node:child_process';
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

describe('secrets set into process.env', () => {
  // Each step redacts right after the change, in the same synchronous stretch as the redaction
  // before it: nothing may wait for a later turn of the event loop to notice.
  const NAME = 'PT_TEST_REDACT_TOKEN';
  const withEnv = (fn: () => void) => {
    try {
      fn();
    } finally {
      delete process.env[NAME];
      delete process.env.PT_TEST_REDACT_PLAIN;
    }
  };

  it('are redacted from the next redaction on, when set, changed and deleted', () =>
    withEnv(() => {
      const first = 'first-secret-value-1234';
      const second = 'second-secret-value-5678';
      expect(redactText(`a ${first}`)).toBe(`a ${first}`);
      process.env[NAME] = first;
      expect(redactText(`a ${first}`)).toBe(`a ${REDACTED}`);
      process.env[NAME] = second;
      expect(redactText(`a ${first} b ${second}`)).toBe(`a ${first} b ${REDACTED}`);
      delete process.env[NAME];
      expect(redactText(`b ${second}`)).toBe(`b ${second}`);
      Object.assign(process.env, { [NAME]: first });
      expect(secretValues()).toContain(first);
      Reflect.deleteProperty(process.env, NAME);
      expect(secretValues()).not.toContain(first);
    }));

  it('leave process.env behaving as before: strings, deletes, keys, children', () =>
    withEnv(() => {
      (process.env as Record<string, unknown>).PT_TEST_REDACT_PLAIN = 1;
      expect(process.env.PT_TEST_REDACT_PLAIN).toBe('1');
      expect(Object.keys(process.env)).toContain('PT_TEST_REDACT_PLAIN');
      expect({ ...process.env }.PT_TEST_REDACT_PLAIN).toBe('1');
      const child = spawnSync(process.execPath, [
        '-e',
        'process.stdout.write(process.env.PT_TEST_REDACT_PLAIN)',
      ]);
      expect(String(child.stdout)).toBe('1');
      delete process.env.PT_TEST_REDACT_PLAIN;
      expect('PT_TEST_REDACT_PLAIN' in process.env).toBe(false);
      const gone = spawnSync(process.execPath, [
        '-e',
        'process.stdout.write(String(process.env.PT_TEST_REDACT_PLAIN))',
      ]);
      expect(String(gone.stdout)).toBe('undefined');
    }));

  it('are still seen when process.env is replaced by a plain object', async () => {
    const real = process.env;
    try {
      process.env = { ...real };
      const value = 'replaced-env-secret-9876';
      expect(secretValues()).not.toContain(value);
      process.env[NAME] = value;
      await Promise.resolve();
      expect(secretValues()).toContain(value);
    } finally {
      process.env = real;
    }
    expect(secretValues().some((s) => s.startsWith('replaced-env'))).toBe(false);
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

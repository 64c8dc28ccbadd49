import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  redactionCount,
  redactOutput,
  registerConfigSecrets,
  registerSecret,
  StreamRedactor,
  secretValues,
} from '../../src/base/index.js';

// Built at run time so this file holds no token shape a scanner would stop at.
const GH = `ghp_${'x7Kq9mZ2'.repeat(5)}`;
const AWS = ['AKIA', 'Q3HJ7PZK', 'W2M5X4NB'].join('');
const KNOWN = 'correct horse battery staple 42';
const PEM = [
  `-----BEGIN RSA ${'PRIVATE'} KEY-----`,
  'MIIEowIBAAKCAQEA1x8Jd9wq2Kx7Lm4Pq8Rv',
  'Tz3Yx6Wb5Nc2Md1Fe0Gh9Ij8Kl7Mn6Op5Qr4',
  `-----END RSA ${'PRIVATE'} KEY-----`,
].join('\n');
const PEM_BODY = 'MIIEowIBAAKCAQEA1x8Jd9wq2Kx7Lm4Pq8Rv';

describe('secretValues from the environment', () => {
  it('takes any variable named like a secret, from a sane length on', () => {
    const env = {
      NPM_TOKEN: 'npm-0123456789abcdef',
      DB_PASSWORD: 'hunter2-is-long',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY',
      NO_TOKEN: '1',
      SHORT_SECRET: 'abc123',
      AWS_ACCESS_KEY_ID: 'not-a-secret-id',
      TOKEN_FILE: '/run/secrets/token',
      PWD: '/work/some/where',
      SSH_AUTH_SOCK: '/tmp/ssh-abc/agent.1',
      HOME: '/home/me',
    };
    const got = secretValues(env);
    expect(got).toEqual(
      expect.arrayContaining(['npm-0123456789abcdef', 'hunter2-is-long', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY']),
    );
    for (const v of ['1', 'abc123', 'not-a-secret-id', '/run/secrets/token', '/work/some/where', '/home/me'])
      expect(got).not.toContain(v);
  });

  it('takes the password of any URL in the environment', () => {
    expect(secretValues({ QUEUE: 'amqp://app:qu3ue-pw@mq:5672/' })).toContain('qu3ue-pw');
  });

  it('sees a variable that changes between calls', () => {
    const env: NodeJS.ProcessEnv = { API_TOKEN: 'first-token-value' };
    expect(secretValues(env)).toContain('first-token-value');
    env.API_TOKEN = 'second-token-value';
    expect(secretValues(env)).toContain('second-token-value');
    expect(secretValues(env)).not.toContain('first-token-value');
  });

  it('redacts a multi-line secret a line at a time', () => {
    const got = secretValues({ DEPLOY_PRIVATE_KEY: 'line-one-of-key\nline-two-of-key' });
    expect(got).toEqual(expect.arrayContaining(['line-one-of-key', 'line-two-of-key']));
  });
});

describe('registerConfigSecrets', () => {
  it('registers secret settings, URL passwords and pattern-shaped values of papertrail.yaml', () => {
    registerConfigSecrets({
      environments: {
        prod: {
          health: [{ url: 'https://probe:pr0be-pass@prod.example.org/health' }],
          env: { deploy_token: 'cfg-deploy-t0ken-99' },
          deploy: { command: `AWS=${AWS} ./deploy.sh` },
          title: 'Production',
        },
      },
    });
    const got = secretValues({});
    expect(got).toEqual(expect.arrayContaining(['pr0be-pass', 'cfg-deploy-t0ken-99', AWS]));
    expect(got).not.toContain('Production');
  });
});

describe('redactOutput', () => {
  it('removes known values and pattern-shaped secrets, and counts them', () => {
    registerSecret(KNOWN);
    const before = redactionCount();
    const out = redactOutput(`a ${KNOWN} b ${GH} c ${AWS} d`);
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d`);
    expect(redactionCount() - before).toBe(3);
    expect(redactOutput('nothing to see')).toBe('nothing to see');
  });
});

function streamed(chunks: readonly string[], r = new StreamRedactor()): string {
  return chunks.map((c) => r.push(c)).join('') + r.end();
}

/** `text` cut at `cuts` (positions, any order, repeats allowed). */
function split(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const c of at) {
    out.push(text.slice(from, c));
    from = c;
  }
  out.push(text.slice(from));
  return out;
}

describe('StreamRedactor', () => {
  registerSecret(KNOWN);
  const secrets = [KNOWN, GH, AWS, PEM];
  const word = fc.stringMatching(/^[a-z0-9 .,:=-]{0,12}$/);
  const text = fc
    .array(
      fc.oneof(word, fc.constantFrom('\n', ' ', '\r\n'), fc.constantFrom(...secrets.map((x) => ` ${x} `))),
      {
        maxLength: 12,
      },
    )
    .map((p) => p.join(''));
  const cuts = fc.array(fc.nat(), { maxLength: 8 });
  const leaks = (out: string) =>
    [KNOWN, GH, AWS, PEM_BODY, ...KNOWN.split(' ').filter((w) => w.length > 5)].filter((s) =>
      out.includes(s),
    );

  it('redacting each chunk on its own would let a split secret through', () => {
    const chunks = [`gh: ${GH.slice(0, 20)}`, `${GH.slice(20)} done\n`];
    expect(chunks.map((c) => redactOutput(c)).join('')).toContain(GH);
    expect(streamed(chunks)).toBe(`gh: ${REDACTED} done\n`);
  });

  it('a secret split across chunks at any point never comes out', () => {
    fc.assert(
      fc.property(text, cuts, (t, c) => {
        const out = streamed(split(t, c));
        expect(leaks(out)).toEqual([]);
        // However it is cut, the output is what it would be in one piece.
        expect(out).toBe(streamed([t]));
      }),
      { numRuns: 400 },
    );
  });

  it('a known secret never comes out of a very long line let out in pieces', () => {
    const long = fc
      .array(fc.oneof(word, fc.constant(KNOWN)), { minLength: 4, maxLength: 30 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(long, cuts, (t, c) => {
        const out = streamed(split(t, c), new StreamRedactor(40));
        expect(out).not.toContain(KNOWN);
      }),
      { numRuns: 400 },
    );
  });

  it('output without a secret comes out exactly as it went in, however it is cut', () => {
    const plain = fc
      .array(fc.oneof(word, fc.constantFrom('\n', '\r\n')), { maxLength: 20 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(plain, cuts, fc.boolean(), (t, c, small) => {
        expect(streamed(split(t, c), new StreamRedactor(small ? 16 : undefined))).toBe(t);
      }),
      { numRuns: 300 },
    );
  });

  it('holds an unfinished line until its end comes, and keeps line breaks', () => {
    const r = new StreamRedactor();
    expect(r.push('one\ntwo ghp_')).toBe('one\n');
    expect(r.push(`${GH.slice(4)} three\nfour`)).toBe(`two ${REDACTED} three\n`);
    expect(r.end()).toBe('four');
    expect(streamed([`${PEM.slice(0, 50)}`, `${PEM.slice(50)}\nafter\n`])).toBe(
      `${REDACTED} private key\n\n\n\nafter\n`,
    );
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negatives quote `${VAR}` placeholders as documents write them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecret as findSecretBefore } from '../../bench/secrets/before.js';
import { ALPHA, corpus, fakes } from '../../bench/secrets/corpus.js';
import { findSecrets, REDACTED, redactSecrets } from '../../src/base/index.js';

// Fakes are generated at run time (a fixed seed), so no token-shaped literal sits in the repository.
const { fake } = fakes(42);
const A = ALPHA;
const values = (line: string) => findSecrets(line).map((h) => line.slice(h.start, h.end));

/** The secrets the detector missed before, each with the value that must be found. */
function misses(): { what: string; line: string; value: string }[] {
  const aws = fake(A.b64, 40);
  const awsEnv = fake(A.b64, 40);
  const hex = fake(A.hex, 40);
  const secretKey = fake(A.url, 50);
  const privateKey = `${fake(A.b64, 43)}=`;
  const hook = `T${fake(A.upnum, 8)}/B${fake(A.upnum, 10)}/${fake(A.alnum, 24)}`;
  const accountKey = `${fake(A.b64, 86)}==`;
  const glpat = `glpat-${fake(A.url, 20)}`;
  const bearer = fake(A.alnum, 40);
  return [
    { what: 'aws_secret_access_key =', line: `aws_secret_access_key = ${aws}`, value: aws },
    { what: 'AWS_SECRET_ACCESS_KEY=', line: `AWS_SECRET_ACCESS_KEY=${awsEnv}`, value: awsEnv },
    { what: 'DB_PASSWORD=', line: 'DB_PASSWORD=Hunter2Hunter2', value: 'Hunter2Hunter2' },
    { what: 'POSTGRES_PASSWORD:', line: '  POSTGRES_PASSWORD: s3cr3tPostgres', value: 's3cr3tPostgres' },
    { what: 'SECRET_KEY =', line: `SECRET_KEY = "${secretKey}"`, value: secretKey },
    { what: 'private_key =', line: `private_key = ${privateKey}`, value: privateKey },
    { what: 'GITHUB_TOKEN= with 40 hex', line: `GITHUB_TOKEN=${hex}`, value: hex },
    {
      what: 'a PGP private key block',
      line: '-----BEGIN PGP PRIVATE KEY BLOCK-----',
      value: '-----BEGIN PGP PRIVATE KEY BLOCK-----',
    },
    {
      what: 'a Slack webhook',
      line: `Alerts: https://hooks.slack.com/services/${hook}`,
      value: hook,
    },
    {
      what: 'Azure AccountKey=',
      line: `DefaultEndpointsProtocol=https;AccountName=fake;AccountKey=${accountKey};EndpointSuffix=core.windows.net`,
      value: accountKey,
    },
    { what: 'GitLab glpat-', line: `Use ${glpat} for the mirror.`, value: glpat },
    { what: 'an opaque Bearer token', line: `Authorization: Bearer ${bearer}`, value: bearer },
    {
      what: 'a password without digits',
      line: 'password: correcthorsebattery',
      value: 'correcthorsebattery',
    },
    { what: 'a password without digits (env)', line: 'DB_PASSWORD=bluemonkeyfish', value: 'bluemonkeyfish' },
  ];
}

describe('findSecrets: what the old check missed', () => {
  it.each(misses())('finds $what (the detector at a56b432 did not)', ({ line, value }) => {
    expect(findSecretBefore(line)).toBeNull();
    expect(values(line)).toContain(value);
  });

  it('returns every secret on a line, not only the first', () => {
    const tok = fake(A.alnum, 32);
    const line = `password = "hunter2x" and api_token = "${tok}"`;
    expect(findSecretBefore(line)).not.toBeNull(); // it stopped there
    expect(values(line)).toEqual(['hunter2x', tok]);
    const two = `GITHUB_TOKEN=ghp_${fake(A.alnum, 36)} SLACK_BOT_TOKEN=xoxb-${fake(A.digits, 12)}-${fake(A.alnum, 24)}`;
    expect(findSecrets(two).map((h) => h.name)).toEqual(['GitHub token', 'Slack token']);
  });

  it('reads a long line in one pass, not once per character (a blob or minified text in a document)', () => {
    // Each of these took its length squared before the key and value scans were bounded; at this
    // length that is minutes, so the test's timeout catches a regression.
    for (const line of [
      'a'.repeat(100_000),
      'password'.repeat(12_500),
      'key='.repeat(25_000),
      'a:'.repeat(50_000),
      'a-'.repeat(50_000),
    ])
      expect(findSecrets(line)).toEqual([]);
  });

  it('reports where the match starts and where the value is', () => {
    const line = '  DB_PASSWORD=Hunter2Hunter2 # rotated';
    expect(findSecrets(line)).toEqual([
      { name: 'password with a literal value', column: 3, start: 14, end: 28 },
    ]);
  });
});

describe('findSecrets: documentation is not a leak', () => {
  it.each([
    'api_key = <token>',
    'password: ${DB_PASSWORD}',
    'password: ${{ secrets.DB_PASSWORD }}',
    'DB_PASSWORD: ${{ secrets.DB_PASSWORD }}',
    'token: secrets.GITHUB_TOKEN',
    'api_key: xxx',
    'password: changeme',
    'The password policy requires 12 characters.',
    'password: must be at least 12 characters long',
    'DB_PASSWORD',
    'DB_PASSWORD=',
    'export DB_PASSWORD',
    'env: [DB_PASSWORD, GITHUB_TOKEN]',
    'GITHUB_TOKEN=$GITHUB_TOKEN',
    'token = os.getenv("TOKEN")',
    'private_key_path: ~/.ssh/id_ed25519',
    '-----BEGIN PUBLIC KEY-----',
    'Authorization: Bearer <token>',
    'Send the Bearer token in the Authorization header.',
    'postgres://user:password@localhost:5432/app',
    'token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'secrets: inherit',
    'max_tokens: 4096',
    'password: [REDACTED]',
  ])('%s', (line) => {
    expect(findSecrets(line)).toEqual([]);
  });

  it('classifies every line of the benchmark corpus as labelled, but for its known limits', () => {
    const wrong = corpus()
      .filter((s) => findSecrets(s.line).length > 0 !== s.secret)
      .map((s) => `${s.secret ? 'missed' : 'false positive'} ${s.family}: ${s.line}`);
    // A password that spells "password" reads as documentation's example; a directive is only read
    // at the start of its line; a random string with nothing naming it is not reported (BENCHMARKS.md).
    expect(wrong.map((w) => w.split(':')[0])).toEqual([
      'missed password',
      'missed password',
      'missed entropy',
      'missed entropy',
      'missed entropy',
    ]);
    expect(wrong.slice(0, 2)).toEqual([
      'missed password: mysql -u root --password=rootpassword42 app',
      'missed password: redis.conf: requirepass s3cretRedisPass',
    ]);
  });
});

describe('redactSecrets', () => {
  it('replaces values and keeps key names, users, hosts and line endings', () => {
    const ghp = `ghp_${fake(A.alnum, 36)}`;
    const text = [
      'DB_PASSWORD=Hunter2Hunter2',
      `GITHUB_TOKEN: "${ghp}"`,
      'DATABASE_URL=postgres://app:s3cretpw99@db.internal/app',
      'nothing here',
    ].join('\r\n');
    expect(redactSecrets(text)).toBe(
      [
        `DB_PASSWORD=${REDACTED}`,
        `GITHUB_TOKEN: "${REDACTED}"`,
        `DATABASE_URL=postgres://app:${REDACTED}@db.internal/app`,
        'nothing here',
      ].join('\r\n'),
    );
  });

  it('replaces a private key block whole, with or without its END line, keeping its line breaks', () => {
    const body = [fake(A.b64, 64), fake(A.b64, 64), `${fake(A.b64, 20)}==`];
    const block = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'];
    const out = redactSecrets(['key:', ...block, 'after'].join('\n'));
    expect(out).toBe(`key:\n${REDACTED} private key\n\n\n\n\nafter`);
    const cut = redactSecrets(['key:', ...block.slice(0, 3), '', 'after'].join('\r\n'));
    expect(cut).toBe(`key:\r\n${REDACTED} private key\r\n\r\n\r\n\r\nafter`);
    for (const b of body) expect(cut).not.toContain(b);
  });

  it('does not take the text between a header named in prose and a later key as a block', () => {
    const body = [fake(A.b64, 64), `${fake(A.b64, 20)}==`];
    const prose = [
      'A key file starts with -----BEGIN RSA PRIVATE KEY----- on its own line.',
      'Step one.',
      'Step two.',
    ];
    const key = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'];
    const out = redactSecrets([...prose, ...key, 'after'].join('\n')).split('\n');
    expect(out.slice(1, 3)).toEqual(['Step one.', 'Step two.']);
    expect(out[0]).toBe(`A key file starts with ${REDACTED} private key on its own line.`);
    expect(out.slice(3)).toEqual([`${REDACTED} private key`, '', '', '', 'after']);
  });

  it('removes every value the detector finds in the corpus', () => {
    for (const s of corpus().filter((x) => x.secret)) {
      const out = redactSecrets(s.line);
      for (const v of values(s.line)) if (v.length >= 8) expect(out, s.line).not.toContain(v);
    }
  });

  // Text built from the pieces secrets and their look-alikes are made of, so the generator reaches
  // the joins where one redaction could leave or create another match.
  const secret = fc.constantFrom(
    ...corpus()
      .filter((s) => s.secret)
      .flatMap((s) => values(s.line)),
  );
  const piece = fc.oneof(
    { weight: 3, arbitrary: secret },
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        'password',
        'DB_PASSWORD',
        'token',
        'api_key',
        'AccountKey',
        'Authorization: Bearer ',
        'https://',
        'user',
        ':',
        '=',
        ': ',
        ' = ',
        '@',
        '"',
        "'",
        ' ',
        '\n',
        '\r\n',
        '-----BEGIN RSA PRIVATE KEY-----',
        '-----END RSA PRIVATE KEY-----',
        REDACTED,
        '${',
        '}',
        '<',
        '>',
        'xxxx',
        '.',
        '/',
        '?',
        '&',
        ';',
        '--token ',
        'hunter2',
      ),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }) },
  );
  const text = fc.array(piece, { maxLength: 14 }).map((p) => p.join(''));

  it('leaves nothing the detector would find, and a second pass changes nothing', () => {
    fc.assert(
      fc.property(text, (t) => {
        const once = redactSecrets(t);
        for (const line of once.split(/\r?\n/)) expect(findSecrets(line), line).toEqual([]);
        expect(redactSecrets(once)).toBe(once);
        expect(once.split('\n').length).toBe(t.split('\n').length);
      }),
      { numRuns: 400 },
    );
  });
});

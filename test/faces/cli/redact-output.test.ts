import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PtError } from '../../../src/base/errors.js';
import { print, printJson, redactStreams, reportError, warn } from '../../../src/faces/cli/io.js';
import { failure, success } from '../../../src/faces/mcp/result.js';

// Every value the faces let out is redacted: messages, hints, details, JSON, MCP results and any other
// write to stdout or stderr, whoever makes it.
const TOKEN = 'ghp_faceTestToken0123456789';
const PASSWORD = 'pa"ss\\word';

describe('the faces redact known secrets', () => {
  const saved = { GITHUB_TOKEN: process.env.GITHUB_TOKEN, DATABASE_URL: process.env.DATABASE_URL };
  let out = '';
  let err = '';
  beforeEach(() => {
    process.env.GITHUB_TOKEN = TOKEN;
    process.env.DATABASE_URL = `postgres://pt:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/pt`;
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out += String(s);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      err += String(s);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const leaky = () =>
    new PtError('forge/failed', `GitHub said ${TOKEN}`, {
      hint: `Log in again (${TOKEN})`,
      exit: 4,
      details: { requestId: TOKEN, password: PASSWORD },
    });

  it('--json errors: message, hint and details, even a secret JSON would escape', () => {
    expect(reportError(leaky(), true)).toBe(4);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(JSON.stringify(PASSWORD).slice(1, -1));
    const parsed = JSON.parse(out);
    expect(parsed.error.details).toEqual({ requestId: '[REDACTED]', password: '[REDACTED]' });
  });

  it('text errors, printed lines, JSON results and warnings', () => {
    reportError(leaky(), false);
    print(`token ${TOKEN}`);
    printJson({ nested: [{ value: TOKEN }] });
    warn(`password ${PASSWORD}`);
    expect(`${out}${err}`).not.toContain(TOKEN);
    expect(`${out}${err}`).not.toContain(PASSWORD);
    expect(err).toContain('error forge/failed: GitHub said [REDACTED]');
    expect(err).toContain('hint: Log in again ([REDACTED])');
  });

  it('JSON results: copied only to hide a secret, even one JSON would escape', () => {
    const value = { list: [{ at: new Date(0), n: 1, s: 'plain' }], none: undefined };
    printJson(value);
    expect(out).toBe(`${JSON.stringify(value, null, 2)}\n`);
    out = '';
    printJson({ password: PASSWORD, [TOKEN]: `x ${TOKEN}` });
    expect(out).not.toContain(JSON.stringify(PASSWORD).slice(1, -1));
    expect(JSON.parse(out)).toEqual({ password: '[REDACTED]', '[REDACTED]': 'x [REDACTED]' });
  });

  it('MCP results and failures', () => {
    const ok = success({ requestId: TOKEN, list: [PASSWORD] });
    const bad = failure(leaky());
    const all = JSON.stringify([ok, bad]);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(JSON.stringify(PASSWORD).slice(1, -1));
    expect(bad.structuredContent).toMatchObject({ error: { details: { requestId: '[REDACTED]' } } });
  });

  it('any other write to a guarded stream, string or bytes', () => {
    const seen: unknown[] = [];
    const stream = { write: (c: unknown) => seen.push(c) > 0 } as unknown as NodeJS.WriteStream;
    redactStreams([stream]);
    redactStreams([stream]);
    stream.write(`sarif ${TOKEN}\n`);
    stream.write(Buffer.from(`bytes ${TOKEN}`));
    stream.write(Buffer.from('nothing secret'));
    expect(seen.map(String)).toEqual(['sarif [REDACTED]\n', 'bytes [REDACTED]', 'nothing secret']);
  });
});

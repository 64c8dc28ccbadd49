import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedConfig } from '../../src/base/config-cache.js';
import { configSecrets, findWorkspace, parseConfig } from '../../src/base/index.js';

const LATER = Date.now() + 60_000; // every file written now counts as settled by then

function workspace(initialized = true): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'pt-config-cache-'));
  // As `init` leaves a workspace: .papertrail/ without a cache folder until a command keeps something.
  mkdirSync(join(root, '.papertrail', ...(initialized ? ['cache'] : [])), { recursive: true });
  const file = join(root, 'papertrail.yaml');
  writeFileSync(file, 'version: 1\ndocs: decisions\n');
  return { root, file };
}

function counting(value: unknown) {
  const calls = { n: 0 };
  return {
    calls,
    parse: () => {
      calls.n++;
      return value;
    },
  };
}

describe('papertrail.yaml kept parsed', () => {
  it('parses an unchanged file once, and again after an edit', () => {
    const { root, file } = workspace();
    const a = counting({ docs: 'decisions' });
    expect(cachedConfig(root, file, a.parse, { env: {}, startedAt: LATER })).toEqual({ docs: 'decisions' });
    expect(cachedConfig(root, file, a.parse, { env: {}, startedAt: LATER })).toEqual({ docs: 'decisions' });
    expect(a.calls.n).toBe(1);
    writeFileSync(file, 'version: 1\ndocs: docs-two\n');
    const b = counting({ docs: 'docs-two' });
    expect(cachedConfig(root, file, b.parse, { env: {}, startedAt: LATER })).toEqual({ docs: 'docs-two' });
    expect(b.calls.n).toBe(1);
  });

  it('keeps nothing for a file changed just now, nor where the workspace has no cache folder yet', () => {
    const fresh = workspace();
    const a = counting({});
    cachedConfig(fresh.root, fresh.file, a.parse, { env: {} });
    cachedConfig(fresh.root, fresh.file, a.parse, { env: {} });
    expect(a.calls.n).toBe(2);
    const bare = workspace(false);
    const b = counting({});
    cachedConfig(bare.root, bare.file, b.parse, { env: {}, startedAt: LATER });
    cachedConfig(bare.root, bare.file, b.parse, { env: {}, startedAt: LATER });
    expect(b.calls.n).toBe(2);
    expect(existsSync(join(bare.root, '.papertrail', 'cache'))).toBe(false);
  });

  it('is off with PAPERTRAIL_NO_CACHE, and a corrupt or foreign cache is parsed over', () => {
    const { root, file } = workspace();
    const a = counting({ x: 1 });
    cachedConfig(root, file, a.parse, { env: { PAPERTRAIL_NO_CACHE: '1' }, startedAt: LATER });
    cachedConfig(root, file, a.parse, { env: { PAPERTRAIL_NO_CACHE: '1' }, startedAt: LATER });
    expect(a.calls.n).toBe(2);
    const cache = join(root, '.papertrail', 'cache', 'config-v1.json');
    cachedConfig(root, file, a.parse, { env: {}, startedAt: LATER });
    expect(JSON.parse(readFileSync(cache, 'utf8')).value).toEqual({ x: 1 });
    for (const junk of ['{not json', JSON.stringify({ key: 'other', value: { x: 2 } })]) {
      writeFileSync(cache, junk);
      const b = counting({ x: 3 });
      expect(cachedConfig(root, file, b.parse, { env: {}, startedAt: LATER })).toEqual({ x: 3 });
      expect(b.calls.n).toBe(1);
    }
  });

  it('hands back settings equal to parsing the file, every default filled in', () => {
    const { root, file } = workspace();
    const text =
      'version: 1\ndocs: decisions\nexecution: { leaseSeconds: 60, ledger: {} }\nops: { quorum: 2 }\n' +
      'environments:\n  prod:\n    runners: { primary: [self-hosted, prod] }\n    deploy: { command: make deploy }\n';
    writeFileSync(file, text);
    const parse = () => parseConfig(text, 'papertrail.yaml');
    const first = cachedConfig(root, file, parse, { env: {}, startedAt: LATER });
    const kept = cachedConfig(root, file, () => expect.unreachable('parsed again'), {
      env: {},
      startedAt: LATER,
    });
    expect(kept).toEqual(first);
    expect(kept).toEqual(parse());
  });

  it('keeps no copy of settings that hold a secret, and parses them each time', () => {
    const { root, file } = workspace();
    const password = 'pw-4f9c2e7a1b';
    const text =
      'version: 1\nenvironments:\n  prod:\n    deploy: { command: make deploy }\n' +
      `    health: [{ url: "https://ops:${password}@status.example.test/health" }]\n`;
    writeFileSync(file, text);
    const a = counting(parseConfig(text, 'papertrail.yaml'));
    const keep = (c: unknown) => configSecrets(c).length === 0;
    cachedConfig(root, file, a.parse, { keep, env: {}, startedAt: LATER });
    cachedConfig(root, file, a.parse, { keep, env: {}, startedAt: LATER });
    expect(a.calls.n).toBe(2);
    expect(existsSync(join(root, '.papertrail', 'cache', 'config-v1.json'))).toBe(false);
    expect(configSecrets(a.parse())).toContain(password);
  });

  it('still reports a bad file from the file itself', () => {
    const { root, file } = workspace();
    writeFileSync(file, 'version: 1\ndocs: decisions\nexecution: { leaseSeconds: -1 }\n');
    expect(() => findWorkspace(root)).toThrow(/leaseSeconds/);
  });
});

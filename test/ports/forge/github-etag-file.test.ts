import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CachedResponse } from '../../../src/ports/forge/github-etag.js';
import { ETAG_LIMITS, loadEtags } from '../../../src/ports/forge/github-etag-file.js';
import { tempDir } from '../../helpers/cli.js';

// The ETag cache kept between runs: per token, never the token itself, bounded, and a damaged file
// is an empty cache, not a failure.
const API = 'https://api.github.com';
const answer = (n: number, extra: Partial<CachedResponse> = {}): CachedResponse => ({
  etag: `W/"${n}"`,
  status: 200,
  url: `${API}/repos/o/r/issues?page=${n}`,
  headers: { etag: `W/"${n}"`, link: `<${API}/x?page=${n + 1}>; rel="next"` },
  data: [{ number: n }],
  ...extra,
});

describe('the persisted GitHub ETag cache', () => {
  it("serves each token its own answers, and no other's, and never stores a token", () => {
    const file = join(tempDir(), 'etags.json');
    const a = loadEtags(file, API, 'ghp_tokenA');
    a.cache.set('GET /a', answer(1, { headers: { etag: 'W/"1"', 'x-oauth-scopes': 'repo', link: 'l' } }));
    // An answer that echoes the token is not kept.
    a.cache.set('GET /echo', answer(2, { data: { note: 'ghp_tokenA' } }));
    expect(a.save()).toBeNull();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('ghp_tokenA');
    expect(text).not.toContain('x-oauth-scopes');
    expect([...loadEtags(file, API, 'ghp_tokenA').cache.keys()]).toEqual(['GET /a']);
    expect(loadEtags(file, API, 'ghp_tokenA').cache.get('GET /a')!.headers).toEqual({
      etag: 'W/"1"',
      link: 'l',
    });
    expect(loadEtags(file, API, 'ghp_tokenB').cache.size).toBe(0);
    expect(loadEtags(file, 'https://ghes.example/api/v3', 'ghp_tokenA').cache.size).toBe(0);
    // Another token's answers survive this one's save.
    const b = loadEtags(file, API, 'ghp_tokenB');
    b.cache.set('GET /b', answer(3));
    b.save();
    expect(loadEtags(file, API, 'ghp_tokenA').cache.has('GET /a')).toBe(true);
    expect(loadEtags(file, API, 'ghp_tokenB').cache.has('GET /b')).toBe(true);
    // A token that read nothing adds no partition.
    const before = readFileSync(file, 'utf8');
    expect(loadEtags(file, API, 'ghp_rejected').save()).toBeNull();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).partitions)).toEqual(
      Object.keys(JSON.parse(before).partitions),
    );
    // Readable by its owner only (private repositories' issues are in it); the folder is kept out of git.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(file, '..', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('keeps the newest answers within its bounds', () => {
    const file = join(tempDir(), 'etags.json');
    const c = loadEtags(file, API, 't0ken');
    for (let n = 0; n < ETAG_LIMITS.entries + 50; n++) c.cache.set(`GET /${n}`, answer(n));
    c.save();
    const kept = [...loadEtags(file, API, 't0ken').cache.keys()];
    expect(kept).toHaveLength(ETAG_LIMITS.entries);
    expect(kept[0]).toBe('GET /50');
    expect(kept.at(-1)).toBe(`GET /${ETAG_LIMITS.entries + 49}`);
    const big = loadEtags(file, API, 't0ken');
    const blob = 'x'.repeat(1024 * 1024);
    for (let n = 0; n < 40; n++) big.cache.set(`GET /big/${n}`, answer(n, { data: { blob } }));
    big.save();
    expect(readFileSync(file, 'utf8').length).toBeLessThanOrEqual(ETAG_LIMITS.bytes);
    expect(loadEtags(file, API, 't0ken').cache.has('GET /big/39')).toBe(true);
  });

  it('reads a corrupt or foreign file as empty and replaces it whole', () => {
    const dir = tempDir();
    const file = join(dir, 'etags.json');
    for (const junk of ['{"format":1,"salt":"s","partitions":{"p":[[1,', '[]', '{"format":99}', '\u0000']) {
      writeFileSync(file, junk);
      const c = loadEtags(file, API, 'tok');
      expect(c.cache.size).toBe(0);
      c.cache.set('GET /x', answer(1));
      expect(c.save()).toBeNull();
      expect(loadEtags(file, API, 'tok').cache.size).toBe(1);
    }
    // Entries of the wrong shape inside a good file are skipped, not served.
    const good = JSON.parse(readFileSync(file, 'utf8'));
    const p = Object.keys(good.partitions)[0]!;
    good.partitions[p].push(['GET /bad', { etag: 1 }], 'junk');
    writeFileSync(file, JSON.stringify(good));
    expect([...loadEtags(file, API, 'tok').cache.keys()]).toEqual(['GET /x']);
    // No temporary file is left behind.
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', 'etags.json']);
  });
});

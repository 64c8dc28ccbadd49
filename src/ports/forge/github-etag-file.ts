// The GitHub ETag cache kept between runs, so a re-plan from the CLI or the MCP server sends
// conditional reads from its first request (a 304 does not count against the rate limit).
//
// One JSON file holds a partition per token: its name is a salted hash of the API URL and the
// token, so the file never holds a token, cannot be matched against another file's partitions, and
// never serves one person's cached answers to another. The file is an optimisation only: a missing,
// unreadable or corrupt one counts as empty; it is replaced atomically (concurrent runs each write a
// whole file; the last one wins, and neither can leave half a file); and it is kept small by dropping
// the least recently used answers.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeCacheFile } from '../../base/index.js';
import type { CachedResponse, EtagCache } from './github-etag.js';

const FORMAT = 1;
/** Answers kept per token, characters of JSON in the whole file, and tokens kept. */
export const ETAG_LIMITS = { entries: 2000, bytes: 16 * 1024 * 1024, partitions: 4 };
/** Response headers worth keeping: pagination needs `link`; the rest is not needed and not kept. */
const KEPT_HEADERS = ['etag', 'link', 'content-type'] as const;

interface FileShape {
  format: number;
  salt: string;
  /** Partition → [key, answer][], least recently used first; partitions least recently saved first. */
  partitions: Record<string, [string, CachedResponse][]>;
}

export interface PersistentEtags {
  cache: EtagCache;
  /** Writes the cache back (merged with what other runs saved meanwhile); returns why it could not. */
  save(): string | null;
}

function read(file: string): FileShape | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as FileShape;
    if (data?.format !== FORMAT || typeof data.salt !== 'string' || typeof data.partitions !== 'object')
      return null;
    if (data.partitions === null || Array.isArray(data.partitions)) return null;
    return data;
  } catch {
    return null;
  }
}

const isEntry = (e: unknown): e is [string, CachedResponse] => {
  if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string') return false;
  const r = e[1] as CachedResponse | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.etag === 'string' &&
    typeof r.status === 'number' &&
    typeof r.url === 'string' &&
    typeof r.headers === 'object' &&
    r.headers !== null &&
    'data' in r
  );
};

const partitionOf = (salt: string, apiUrl: string, token: string) =>
  createHash('sha256').update(`${salt}\0${apiUrl}\0${token}`).digest('hex').slice(0, 32);

/** The cache of `token` on `apiUrl` from `file` (empty when there is none or it cannot be read). */
export function loadEtags(file: string, apiUrl: string, token: string): PersistentEtags {
  const loaded = read(file);
  const salt = loaded?.salt ?? randomBytes(16).toString('hex');
  const cache: EtagCache = new Map();
  const stored = loaded?.partitions[partitionOf(salt, apiUrl, token)];
  if (Array.isArray(stored)) for (const e of stored) if (isEntry(e)) cache.set(e[0], e[1]);
  const save = (): string | null => {
    try {
      // Read again: another run may have saved its own (or another token's) answers meanwhile.
      const now = read(file);
      const s = now?.salt ?? salt;
      const mine = partitionOf(s, apiUrl, token);
      const text = render(s, mine, [...cache], now?.partitions ?? {}, token);
      // Private repositories' issues are in it: readable by this user only. The atomic write keeps
      // the mode of the file it replaces, so a first write starts from an empty file of that mode.
      if (!existsSync(file)) {
        mkdirSync(dirname(file), { recursive: true });
        try {
          writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
        } catch (e) {
          // Another run made it first: its mode is the same.
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
      }
      writeCacheFile(file, text);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  return { cache, save };
}

/**
 * The file's text: this token's newest answers (none that carries the token: an echo must not be
 * stored) and the other tokens' most recently saved partitions, within ETAG_LIMITS. Over the size
 * limit, other tokens' answers go first, then this one's oldest. Each answer is serialised once.
 */
function render(
  salt: string,
  mine: string,
  entries: [string, CachedResponse][],
  stored: FileShape['partitions'],
  token: string,
): string {
  const own = entries
    .map(([k, r]) => JSON.stringify([k, slim(r)]))
    .filter((j) => !token || !j.includes(token))
    .slice(-ETAG_LIMITS.entries);
  const others = Object.entries(stored)
    .filter(([p, v]) => p !== mine && Array.isArray(v))
    .slice(-(ETAG_LIMITS.partitions - 1))
    .map(([p, v]) => `${JSON.stringify(p)}:${JSON.stringify(v)}`);
  const head = `{"format":${FORMAT},"salt":${JSON.stringify(salt)},"partitions":{`;
  const fixed = head.length + JSON.stringify(mine).length + 8;
  let size = fixed + others.reduce((n, o) => n + o.length + 1, 0) + own.reduce((n, j) => n + j.length + 1, 0);
  while (size > ETAG_LIMITS.bytes && (others.length || own.length))
    size -= (others.length ? others.shift()! : own.shift()!).length + 1;
  // A token that read nothing (a rejected one) takes no place from the others.
  const parts = own.length ? [...others, `${JSON.stringify(mine)}:[${own.join(',')}]`] : others;
  return `${head}${parts.join(',')}}}`;
}

/** What is kept of an answer: its body, status, URL and the headers pagination reads. */
function slim(r: CachedResponse): CachedResponse {
  const headers: Record<string, string | undefined> = {};
  for (const h of KEPT_HEADERS) if (r.headers[h] !== undefined) headers[h] = r.headers[h];
  return { etag: r.etag, status: r.status, url: r.url, headers, data: r.data };
}

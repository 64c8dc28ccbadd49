// What `next` reads of the local forge, kept in .papertrail/cache/ so that it can answer without
// opening the embedded store, whose opening is most of its time (BENCHMARKS.md). The stamps of the
// store's files cannot key it (every open of PGlite rewrites some of them); the store's single owner
// can. Every write of issues, labels or links removes the file before it writes (LocalForge), and only
// a process that owns the store (its lock, not serve's socket) writes one, from what it read while
// still owning it: no write can fall between that read and that file. A snapshot also names the store
// it was read from, so a store removed, rebuilt or replaced never answers with another's issues.
import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BUILD_ID, PtError, writeCacheFile } from '../../base/index.js';
import type { ForgeIssue } from './port.js';

/** Bumped whenever what is kept changes shape; part of the file name too. */
const FORMAT = 1;

/** Forge reads as the forge answered them, so a reader replays them instead of asking the store. */
export interface ForgeReads {
  /** `listIssues({ label })`, by label. */
  issues: Record<string, ForgeIssue[]>;
  /** `listBlockedBy(n)`, by issue number. */
  blockedBy: Record<string, number[]>;
}

/** Where the snapshot of one repository of one embedded store lives. */
export interface SnapshotPlace {
  file: string;
  /** The embedded store's data dir. */
  storeDir: string;
  /** The repository (`owner/name`) whose issues were read. */
  repo: string;
}

/** The snapshot file of the embedded store at `storeDir`: in the cache folder beside it. */
export function snapshotFileOf(storeDir: string): string {
  return join(dirname(resolve(storeDir)), 'cache', `forge-snapshot-v${FORMAT}.json`);
}

export function snapshotPlace(storeDir: string, repo: string): SnapshotPlace {
  return { file: snapshotFileOf(storeDir), storeDir: resolve(storeDir), repo };
}

/**
 * The store's identity: its folder and its PG_VERSION (written once, when the store is made, and the
 * store is only ever made whole in another folder and renamed into place), by inode and birth time.
 * Null when there is no store.
 */
function storeIdentity(dir: string): string | null {
  try {
    const d = statSync(dir, { bigint: true });
    const v = statSync(join(dir, 'PG_VERSION'), { bigint: true });
    return `${d.dev}:${d.ino}:${d.birthtimeNs}:${v.ino}:${v.birthtimeNs}:${v.mtimeNs}`;
  } catch {
    return null;
  }
}

function keyOf(place: SnapshotPlace): string | null {
  const id = storeIdentity(place.storeDir);
  return id && JSON.stringify([FORMAT, BUILD_ID, place.repo, place.storeDir, id]);
}

/**
 * Removes the snapshot before a write of the forge's issues, labels or links. The removal is flushed,
 * so that the store's commit, once durable, can never come back from a crash beside the old snapshot.
 * A snapshot that cannot be removed stops the write: it would answer with what the write changes.
 */
export function dropSnapshot(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new PtError('forge/snapshot-stuck', `Cannot remove ${file}: ${(e as Error).message}`, {
      hint: 'Remove the file (it is only a cache) or make its folder writable, then run the command again.',
      exit: 4,
    });
  }
  let fd: number | undefined;
  try {
    fd = openSync(dirname(file), 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot sync a folder; the removal itself has happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number');

function isReads(v: unknown): v is ForgeReads {
  const r = v as ForgeReads | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.issues === 'object' &&
    r.issues !== null &&
    Object.values(r.issues).every(Array.isArray) &&
    typeof r.blockedBy === 'object' &&
    r.blockedBy !== null &&
    Object.values(r.blockedBy).every(isNumbers)
  );
}

/** The reads kept for this store and repository, or null: missing, foreign, stale or unreadable. */
export function readSnapshot(place: SnapshotPlace): ForgeReads | null {
  let kept: { format?: unknown; key?: unknown; reads?: unknown };
  try {
    kept = JSON.parse(readFileSync(place.file, 'utf8'));
  } catch {
    return null;
  }
  if (kept?.format !== FORMAT || typeof kept.key !== 'string') return null;
  const key = keyOf(place);
  return key !== null && kept.key === key && isReads(kept.reads) ? kept.reads : null;
}

/**
 * Keeps `reads`; the caller owns the store and read them in this ownership. A failure to write is
 * ignored: the snapshot only spares the next reader the store.
 */
export function writeSnapshot(place: SnapshotPlace, reads: ForgeReads): void {
  const key = keyOf(place);
  if (key === null) return;
  try {
    writeCacheFile(place.file, JSON.stringify({ format: FORMAT, key, reads }));
  } catch {
    // A full disk or a read-only folder: the next reader opens the store, as without a snapshot.
  }
}

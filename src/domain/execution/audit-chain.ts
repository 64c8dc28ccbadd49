import { hash } from 'node:crypto';
import { canonicalJson, canonicalShape } from './canonical-json.js';

// The audit trail is a hash chain: every record names the hash of the one before it, and its own hash
// covers everything else in it, so an edited, deleted, inserted or reordered record breaks the chain at
// that record. A checkpoint (length and head hash) kept elsewhere (a file committed to git) also catches
// what the chain alone cannot: a tail cut off, or rewritten and re-hashed from some record on.

/** The `prev` of the first record. */
export const GENESIS = '0'.repeat(64);

/** What a change to record: when, who, what kind of change, and its details (JSON). */
export interface AuditEntry {
  /** ISO 8601 timestamp. */
  at: string;
  actor: string;
  type: string;
  data: unknown;
}

export interface AuditRecord extends AuditEntry {
  /** 1 for the first record, then contiguous. */
  seq: number;
  /** The previous record's hash; GENESIS for the first. */
  prev: string;
  /** SHA-256, lowercase hex, of the canonical JSON of every other field. */
  hash: string;
}

export interface Checkpoint {
  /** How many records the chain had. */
  length: number;
  /** The hash of its last record (GENESIS for an empty chain). */
  head: string;
}

/**
 * The hash of a record: SHA-256 of canonicalJson({actor, at, data, prev, seq, type}). The fixed fields
 * are given to JSON.stringify in their sorted order with the data in canonical shape, so a record is
 * written in one call; the general canonical writer takes only what that cannot do.
 */
export function hashRecord(r: Omit<AuditRecord, 'hash'>): string {
  const fields = { actor: r.actor, at: r.at, data: r.data, prev: r.prev, seq: r.seq, type: r.type };
  let text: string;
  if (
    typeof r.actor === 'string' &&
    typeof r.at === 'string' &&
    typeof r.prev === 'string' &&
    Number.isSafeInteger(r.seq) &&
    typeof r.type === 'string'
  ) {
    const data = canonicalShape(r.data);
    if (data === null) text = canonicalJson(fields);
    else {
      fields.data = data;
      text = JSON.stringify(fields);
    }
  } else text = canonicalJson(fields);
  return hash('sha256', text, 'hex');
}

/**
 * The record that follows `last` (null: the first record of a chain). Its data is kept in canonical key
 * order (a sorted copy where needed), so verifying it later takes the fast path as long as whatever
 * stores it keeps key order (JSON text or Postgres `json`; `jsonb` reorders keys, which still verifies,
 * more slowly).
 */
export function appendRecord(last: Pick<AuditRecord, 'seq' | 'hash'> | null, entry: AuditEntry): AuditRecord {
  const shaped = canonicalShape(entry.data);
  const r = {
    seq: last ? last.seq + 1 : 1,
    prev: last ? last.hash : GENESIS,
    at: entry.at,
    actor: entry.actor,
    type: entry.type,
    data: shaped === null ? entry.data : shaped,
  };
  return { ...r, hash: hashRecord(r) };
}

export function checkpointOf(records: readonly AuditRecord[]): Checkpoint {
  const last = records[records.length - 1];
  return { length: records.length, head: last ? last.hash : GENESIS };
}

export type ChainProblem =
  /** The record's content does not match its hash. */
  | 'edited'
  /** Records are missing before this one: its seq jumps. */
  | 'deleted'
  /** The record that belongs here comes later in the chain. */
  | 'reordered'
  /** A seq that an earlier record already has (a copied record). */
  | 'duplicate'
  /** The record's prev is not the previous record's hash: one of the two was rewritten and re-hashed. */
  | 'wrong-prev'
  /** Not a record: a field missing or of the wrong type. */
  | 'malformed'
  /** The chain is shorter than the checkpoint. */
  | 'truncated'
  /** The record at the checkpoint's length is not the one the checkpoint names. */
  | 'rewritten';

export interface ChainBreak {
  problem: ChainProblem;
  /** The position (0-based) of the first bad record; the chain's length for a truncated one. */
  index: number;
  /** The seq that belongs at that position. */
  seq: number;
  message: string;
}

export type VerifyResult =
  | { ok: true; length: number; head: string }
  /** `length`: how many records from the start verified before the break. */
  | { ok: false; length: number; break: ChainBreak };

function wellFormed(r: AuditRecord): boolean {
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isSafeInteger(r.seq) &&
    typeof r.prev === 'string' &&
    typeof r.hash === 'string' &&
    typeof r.at === 'string' &&
    typeof r.actor === 'string' &&
    typeof r.type === 'string' &&
    r.hash.length === 64
  );
}

const broken = (problem: ChainProblem, index: number, message: string): VerifyResult => ({
  ok: false,
  length: index,
  break: { problem, index, seq: index + 1, message },
});

/**
 * Verifies a chain in one pass (records may come from a generator reading pages from a store) and
 * names the first bad record and why; with a checkpoint, also that the chain still reaches it unchanged.
 */
export function verifyChain(records: Iterable<AuditRecord>, checkpoint?: Checkpoint): VerifyResult {
  let index = 0;
  let prevHash = GENESIS;
  let atCheckpoint: string | null = checkpoint?.length === 0 ? GENESIS : null;
  // A seq that jumps ahead is a deletion unless the missing record turns up later (a reordering): the
  // rest of the chain is then scanned for it, and nothing else.
  let jump: { index: number; found: number } | null = null;
  for (const r of records) {
    const expected = index + 1;
    index++;
    if (jump) {
      if (r?.seq === jump.index + 1)
        return broken(
          'reordered',
          jump.index,
          `position ${jump.index + 1} holds record ${jump.found}; record ${jump.index + 1} comes later, at position ${expected}`,
        );
      continue;
    }
    const at = expected - 1;
    if (!wellFormed(r))
      return broken(
        'malformed',
        at,
        `position ${expected} is not an audit record (a field is missing or of the wrong type)`,
      );
    if (r.seq !== expected) {
      if (r.seq < expected)
        return broken('duplicate', at, `position ${expected} holds record ${r.seq} again`);
      jump = { index: at, found: r.seq };
      continue;
    }
    if (hashRecord(r) !== r.hash)
      return broken(
        'edited',
        at,
        `record ${expected} was changed after it was written: its content does not match its hash`,
      );
    if (r.prev !== prevHash)
      return broken(
        'wrong-prev',
        at,
        expected === 1
          ? 'record 1 does not start the chain: its prev is not the genesis hash'
          : `record ${expected} does not follow record ${expected - 1}: one of the two was rewritten`,
      );
    prevHash = r.hash;
    if (index === checkpoint?.length) atCheckpoint = r.hash;
  }
  if (jump) {
    const { index: i, found } = jump;
    return broken(
      'deleted',
      i,
      found - 1 === i + 1 ? `record ${i + 1} is missing` : `records ${i + 1} to ${found - 1} are missing`,
    );
  }
  if (checkpoint && index < checkpoint.length)
    return broken(
      'truncated',
      index,
      `the checkpoint covers ${checkpoint.length} records, the chain has ${index}: the rest were deleted`,
    );
  if (checkpoint && atCheckpoint !== checkpoint.head)
    return broken(
      'rewritten',
      Math.max(0, checkpoint.length - 1),
      `record ${checkpoint.length} is not the one the checkpoint names: the chain was rewritten up to it`,
    );
  return { ok: true, length: index, head: prevHash };
}

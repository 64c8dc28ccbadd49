import { hash } from 'node:crypto';
import { canonicalJson, canonicalShape } from './canonical-json.js';
import { isCanonicalText } from './canonical-text.js';

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

/** A record as the store keeps it: its data as the JSON text it was hashed as. */
export interface StoredRecord extends Omit<AuditRecord, 'data'> {
  data: string;
}

export interface Checkpoint {
  /** How many records the chain had. */
  length: number;
  /** The hash of its last record (GENESIS for an empty chain). */
  head: string;
}

/**
 * The hash of a record: SHA-256 of canonicalJson({actor, at, data, prev, seq, type}). The fixed fields
 * are written around the data in their sorted order, with the data in canonical shape written by
 * JSON.stringify; the general canonical writer takes only what that cannot do.
 */
export function hashRecord(r: Omit<AuditRecord, 'hash'>): string {
  if (
    typeof r.actor === 'string' &&
    typeof r.at === 'string' &&
    typeof r.prev === 'string' &&
    Number.isSafeInteger(r.seq) &&
    typeof r.type === 'string'
  ) {
    const data = canonicalShape(r.data);
    if (data !== null) return hashFields(r, JSON.stringify(data));
  }
  const fields = { actor: r.actor, at: r.at, data: r.data, prev: r.prev, seq: r.seq, type: r.type };
  return hash('sha256', canonicalJson(fields), 'hex');
}

// Actors and types repeat along a chain: their quoted form is kept (up to a bound).
const QUOTED = new Map<string, string>();
const QUOTED_MAX = 10_000;

function quoteRepeated(s: string): string {
  let q = QUOTED.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (QUOTED.size < QUOTED_MAX) QUOTED.set(s, q);
  }
  return q;
}

/** The hash of a record whose string fields are strings, seq a safe integer and data canonical text. */
function hashFields(r: Omit<StoredRecord, 'hash' | 'data'>, data: string): string {
  return hash(
    'sha256',
    `{"actor":${quoteRepeated(r.actor)},"at":${JSON.stringify(r.at)},"data":${data},` +
      `"prev":${JSON.stringify(r.prev)},"seq":${r.seq},"type":${quoteRepeated(r.type)}}`,
    'hex',
  );
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

/** The records from the start of a chain already found intact, for a verifier to go on from. */
export interface VerifiedPrefix {
  /** How many records, 1 to length. */
  length: number;
  /** The hash of the last of them (GENESIS for none). */
  head: string;
  /** With a checkpoint no longer than length: the hash of the record at the checkpoint's length. */
  atCheckpoint?: string | null;
}

export type VerifyResult =
  | { ok: true; length: number; head: string }
  /** `length`: how many records from the start verified before the break. */
  | { ok: false; length: number; break: ChainBreak };

/**
 * The hash of a stored record, as hashRecord would give for its parsed data: when the data text is
 * already canonical, the record's canonical text is put together around it and hashed, with no parse;
 * otherwise it is parsed and hashed the plain way. Null when the data is not JSON.
 */
export function hashStoredRecord(r: StoredRecord): string | null {
  if (isCanonicalText(r.data)) return hashFields(r, r.data);
  let data: unknown;
  try {
    data = JSON.parse(r.data);
  } catch {
    return null;
  }
  return hashRecord({ ...r, data });
}

function wellFormed(r: AuditRecord | StoredRecord, stored: boolean): boolean {
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isSafeInteger(r.seq) &&
    typeof r.prev === 'string' &&
    typeof r.hash === 'string' &&
    typeof r.at === 'string' &&
    typeof r.actor === 'string' &&
    typeof r.type === 'string' &&
    r.hash.length === 64 &&
    (!stored || typeof r.data === 'string')
  );
}

/** The hash a record's content gives; null when it has none (data that is not JSON, or not canonical JSON). */
function contentHash(r: AuditRecord | StoredRecord, stored: boolean): string | null {
  try {
    return stored ? hashStoredRecord(r as StoredRecord) : hashRecord(r as AuditRecord);
  } catch {
    // Data canonical JSON cannot hold: appendRecord never wrote it, so the record was changed.
    return null;
  }
}

const broken = (problem: ChainProblem, index: number, message: string): VerifyResult => ({
  ok: false,
  length: index,
  break: { problem, index, seq: index + 1, message },
});

/**
 * Verifies a chain fed one record at a time, in order (pages read from a store need not be held
 * together), and names the first bad record and why; with a checkpoint, also that the chain still
 * reaches it unchanged. `add` and `addStored` say whether more records can change the result.
 */
export class ChainVerifier {
  #index = 0;
  #prevHash = GENESIS;
  #atCheckpoint: string | null;
  // A seq that jumps ahead is a deletion unless the missing record turns up later (a reordering): the
  // rest of the chain is then scanned for it, and nothing else.
  #jump: { index: number; found: number } | null = null;
  #outcome: VerifyResult | null = null;

  /**
   * `after`: the first records are already known intact (ranges of a chain verified apart); the
   * verifier goes on from there, as if it had been given them.
   */
  constructor(
    private readonly checkpoint?: Checkpoint,
    after?: VerifiedPrefix,
  ) {
    this.#atCheckpoint = checkpoint?.length === 0 ? GENESIS : null;
    if (after) {
      this.#index = after.length;
      this.#prevHash = after.head;
      if (checkpoint && checkpoint.length > 0 && checkpoint.length <= after.length)
        this.#atCheckpoint = after.atCheckpoint ?? null;
    }
  }

  /** The records verified so far, all intact and contiguous; null once a problem was seen. */
  intact(): { length: number; head: string } | null {
    return this.#outcome || this.#jump ? null : { length: this.#index, head: this.#prevHash };
  }

  /** The next record, its data as a value. False once the result is known. */
  add(r: AuditRecord): boolean {
    return this.#step(r, false);
  }

  /** The next record as the store keeps it (data as JSON text). False once the result is known. */
  addStored(r: StoredRecord): boolean {
    return this.#step(r, true);
  }

  #step(r: AuditRecord | StoredRecord, stored: boolean): boolean {
    if (this.#outcome) return false;
    const expected = this.#index + 1;
    this.#index++;
    const jump = this.#jump;
    if (jump) {
      if (r?.seq !== jump.index + 1) return true;
      return this.#stop(
        broken(
          'reordered',
          jump.index,
          `position ${jump.index + 1} holds record ${jump.found}; record ${jump.index + 1} comes later, at position ${expected}`,
        ),
      );
    }
    const at = expected - 1;
    if (!wellFormed(r, stored))
      return this.#stop(
        broken(
          'malformed',
          at,
          `position ${expected} is not an audit record (a field is missing or of the wrong type)`,
        ),
      );
    if (r.seq !== expected) {
      if (r.seq < expected)
        return this.#stop(broken('duplicate', at, `position ${expected} holds record ${r.seq} again`));
      this.#jump = { index: at, found: r.seq };
      return true;
    }
    if (contentHash(r, stored) !== r.hash)
      return this.#stop(
        broken(
          'edited',
          at,
          `record ${expected} was changed after it was written: its content does not match its hash`,
        ),
      );
    if (r.prev !== this.#prevHash)
      return this.#stop(
        broken(
          'wrong-prev',
          at,
          expected === 1
            ? 'record 1 does not start the chain: its prev is not the genesis hash'
            : `record ${expected} does not follow record ${expected - 1}: one of the two was rewritten`,
        ),
      );
    this.#prevHash = r.hash;
    if (this.#index === this.checkpoint?.length) this.#atCheckpoint = r.hash;
    return true;
  }

  #stop(outcome: VerifyResult): false {
    this.#outcome = outcome;
    return false;
  }

  /** The result once every record has been given. */
  result(): VerifyResult {
    if (this.#outcome) return this.#outcome;
    const index = this.#index;
    const checkpoint = this.checkpoint;
    if (this.#jump) {
      const { index: i, found } = this.#jump;
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
    if (checkpoint && this.#atCheckpoint !== checkpoint.head)
      return broken(
        'rewritten',
        Math.max(0, checkpoint.length - 1),
        `record ${checkpoint.length} is not the one the checkpoint names: the chain was rewritten up to it`,
      );
    return { ok: true, length: index, head: this.#prevHash };
  }
}

/**
 * Verifies a chain in one pass (records may come from a generator reading pages from a store) and
 * names the first bad record and why; with a checkpoint, also that the chain still reaches it unchanged.
 */
export function verifyChain(records: Iterable<AuditRecord>, checkpoint?: Checkpoint): VerifyResult {
  const v = new ChainVerifier(checkpoint);
  for (const r of records) if (!v.add(r)) break;
  return v.result();
}

/** verifyChain for records as the store keeps them (data as JSON text); the same results. */
export function verifyStoredChain(records: Iterable<StoredRecord>, checkpoint?: Checkpoint): VerifyResult {
  const v = new ChainVerifier(checkpoint);
  for (const r of records) if (!v.addStored(r)) break;
  return v.result();
}

import { sql } from 'kysely';
import { Compiled } from '../compiled.js';
import { preparedAs } from '../prepared.js';
import type { ExecDb, StoredAuditRecord } from './audit.js';
import { AUDIT_AT } from './audit-sql.js';
import { inTransaction } from './transaction.js';

// Chaining pending records (audit_pending) into the hash chain (audit_records). Only the transaction
// that holds the head row's lock chains, so seq stays contiguous and no record is chained twice; a
// state change that finds the head taken leaves its records pending (on Postgres a claim or a
// completion always does), and the holder, the next state change that takes the head, an executor's
// sealer (sealer.ts) or the next reader chains them. A record is chained when its sealer commits:
// the chain's order is the order of sealing, which can differ from the order of `at` by the span of
// transactions that ran side by side. Until it is chained a pending record has no hash, so an edit to
// it is not found: it is chained as edited.

/** Records read from audit_pending per statement. */
export const SEAL_BATCH = 5_000;

export interface Head {
  seq: number;
  hash: string;
}

/** A record to chain: a row of audit_pending, or (id null) one of the sealer's own, never pending. */
export interface PendingRow {
  id: number | null;
  at: string;
  actor: string;
  type: string;
  /** JSON text. */
  data: string;
}

/** The head, taken by this transaction, with what it saw pending; `at` is the statement's clock. */
export interface TakenHead {
  head: Head;
  at: string;
  pending: PendingRow[];
}

interface TakeHeadValues extends Record<string, unknown> {
  actors: string[];
  types: string[];
  data: readonly string[];
}

const TAKE_HEAD = new Compiled(
  ['actors', 'types', 'data'],
  (v: TakeHeadValues) => sql<
    Head & { at: string; seen: number; pending: PendingRow[] | null }
  >`${preparedAs('take_head')}
    with clock as (select ${AUDIT_AT} as at), head as (
      select seq, hash from audit_head where id for update skip locked
    ), added as (
      insert into audit_pending (at, actor, type, data)
      select clock.at, e.actor, e.type, e.data
      from clock, unnest(${v.actors}::text[], ${v.types}::text[], ${v.data}::text[]) with ordinality as e(actor, type, data, n)
      where not exists (select from head)
      order by e.n
    )
    select head.seq, head.hash, clock.at, (select seq from audit_head) as seen,
      (select json_agg(p order by p.id) from (
        select id, at, actor, type, data from audit_pending order by id limit ${SEAL_BATCH}) p) as pending
    from head, clock`,
);

/**
 * Takes the chain's head for the caller's transaction if it is free (SKIP LOCKED: never waits for
 * it); when it is not, adds `entries` (their canonical data text in `data`) as pending and returns
 * null. One round trip: the pending records come with the head. They are read with the statement's
 * snapshot, taken before the lock, so they are used only when the head it saw is the head it locked
 * (`seen`), i.e. no sealer committed in between, as every sealer moves the head; otherwise they are
 * read again.
 */
export async function takeHead(
  x: ExecDb,
  entries: readonly { actor: string; type: string }[],
  data: readonly string[],
): Promise<TakenHead | null> {
  const { rows } = await TAKE_HEAD.execute(x.db, {
    actors: entries.map((e) => e.actor),
    types: entries.map((e) => e.type),
    data,
  });
  const r = rows[0];
  if (!r) return null;
  const pending = r.seen === r.seq ? (r.pending ?? []) : await readPending(x);
  return { head: { seq: r.seq, hash: r.hash }, at: r.at, pending };
}

/**
 * Chains what is pending (one batch) in a transaction of its own if the head is free; null when
 * another transaction holds it, which then chains what it sees (never waits). Executors run it
 * (sealer.ts).
 */
export function trySeal(x: ExecDb): Promise<number | null> {
  return x.db.transaction().execute(async (tx) => {
    const within = { ...x, db: tx };
    const taken = await takeHead(within, [], []);
    return taken && chainPending(within, taken.head, taken.pending, false);
  });
}

/**
 * The oldest pending records this transaction sees, in the order they were added. Read in a statement
 * after the head's lock was taken: a snapshot taken before it could still see records that the
 * previous holder chained and deleted, and they would be chained again.
 */
export function readPending(x: ExecDb): Promise<PendingRow[]> {
  return x.db
    .selectFrom('audit_pending')
    .select(['id', 'at', 'actor', 'type', 'data'])
    .orderBy('id')
    .limit(SEAL_BATCH)
    .execute();
}

/**
 * Chains records after `head`, whose lock the caller's transaction holds: `first` (the caller read it
 * under the lock), then, with `all`, every pending record this transaction sees until none is left.
 * Returns how many were chained.
 */
export async function chainPending(
  x: ExecDb,
  head: Head,
  first: readonly PendingRow[],
  all: boolean,
): Promise<number> {
  let last: Head = head;
  let chained = 0;
  let batch = first;
  for (;;) {
    if (batch.length === 0) return chained;
    const records: StoredAuditRecord[] = [];
    for (const p of batch) {
      const entry = { at: p.at, actor: p.actor, type: p.type, data: JSON.parse(p.data) };
      const r = x.appendRecord(last.seq === 0 ? null : last, entry);
      records.push(r);
      last = r;
    }
    const ids: number[] = [];
    for (const p of batch) if (p.id !== null) ids.push(p.id);
    await writeChained(x, records, ids);
    chained += records.length;
    if (!all) return chained;
    batch = await readPending(x);
  }
}

interface ChainValues extends Record<string, unknown> {
  seq: number[];
  prev: (string | null)[];
  hash: string[];
  at: string[];
  actor: string[];
  type: string[];
  data: string[];
  ids: number[];
  endSeq: number;
  endHash: string;
}

/** Inserts the chained records, deletes pending rows (`ids`, when `deleting`) and moves the head. */
const chainStatement = (deleting: boolean) =>
  new Compiled(
    ['seq', 'prev', 'hash', 'at', 'actor', 'type', 'data', 'ids', 'endSeq', 'endHash'],
    (v: ChainValues) => sql<{ deleted: number }>`${preparedAs(deleting ? 'chain_pending' : 'chain')}
    with written as (
      insert into audit_records (seq, prev, hash, at, actor, type, data)
      select * from unnest(${v.seq}::bigint[], ${v.prev}::text[], ${v.hash}::text[], ${v.at}::text[],
        ${v.actor}::text[], ${v.type}::text[],
        -- appendRecord keeps data in canonical key order, so the text keeps it too.
        ${v.data}::text[])
    ), deleted as (${
      // Without pending rows to delete (the usual case when nothing runs alongside), the statement
      // leaves audit_pending alone: even an empty delete costs a scan.
      deleting
        ? sql`delete from audit_pending where id = any(${v.ids}::bigint[]) returning 1`
        : sql`select 1 where false`
    }), moved as (
      update audit_head set seq = ${v.endSeq}, hash = ${v.endHash} where id returning 1
    )
    select (select count(*) from deleted)::integer as deleted`,
  );

const CHAIN = { deleting: chainStatement(true), alone: chainStatement(false) };

/** Inserts the chained records, deletes their pending rows and moves the head: one statement. */
async function writeChained(x: ExecDb, records: StoredAuditRecord[], ids: number[]): Promise<void> {
  const end = records[records.length - 1]!;
  const col = <T>(f: (r: StoredAuditRecord) => T) => records.map(f);
  const { rows } = await (ids.length ? CHAIN.deleting : CHAIN.alone).execute(x.db, {
    seq: col((r) => r.seq),
    prev: col((r) => r.prev),
    hash: col((r) => r.hash),
    at: col((r) => r.at),
    actor: col((r) => r.actor),
    type: col((r) => r.type),
    data: col((r) => JSON.stringify(r.data)),
    ids,
    endSeq: end.seq,
    endHash: end.hash,
  });
  // Only the head's holder deletes pending rows, so each one read is still there; if one was not,
  // another transaction chained it too, and this one must roll back rather than chain it twice.
  if (rows[0]?.deleted !== ids.length)
    throw new Error(`chained ${ids.length} pending audit records but deleted ${rows[0]?.deleted}`);
}

/**
 * Chains every pending record that has committed (in the caller's transaction, or one of its own),
 * waiting for the head if another transaction holds it. Readers of the chain call it first, so they
 * see every state change that committed before they started; a cheap look comes first, as there is
 * usually nothing pending.
 */
export async function sealAudit(x: ExecDb): Promise<number> {
  const waiting = await x.db.selectFrom('audit_pending').select('id').limit(1).executeTakeFirst();
  if (!waiting) return 0;
  return inTransaction(x.db, async (tx) => {
    const { rows } = await sql<Head>`select seq, hash from audit_head where id for update`.execute(tx);
    const head = rows[0];
    if (!head) throw new Error('the audit head row is missing (migration 2 inserts it)');
    const within = { ...x, db: tx };
    return chainPending(within, head, await readPending(within), true);
  });
}

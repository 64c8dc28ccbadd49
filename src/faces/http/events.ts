import type { App } from '../../app/kernel/index.js';
import { redactDeep, secretValues } from '../../base/index.js';
import { coalesce } from './coalesce.js';
import type { ServerMetrics } from './metrics.js';

// The live feed: the audit trail as Server-Sent Events, one event per record, its seq as the event id,
// so a client that reconnects with Last-Event-ID gets exactly what it missed. The store says when
// something changed (LISTEN/NOTIFY, or the embedded store's host); the hub then reads what is new once
// and sends it to every client.

export interface FeedEvent {
  seq: number;
  /** The SSE frame, made and encoded once for every client (a string is encoded again per socket). */
  frame: Buffer;
}

interface Client {
  sent: number;
  /** Caught up with the hub: it is sent what the hub reads. Until then it reads its backlog itself. */
  live: boolean;
  write(frame: Uint8Array): void;
}

type Read = (
  app: App,
  afterSeq: number,
  limit: number,
) => Promise<{ seq: number; type: string; at: string; actor: string; data: unknown }[]>;

/** The gate records after `afterSeq` counted by type, and the trail's head (no record read). */
type Skim = (app: App, afterSeq: number) => Promise<{ head: number; counts: { type: string; n: number }[] }>;

const PAGE = 500;

export class EventHub {
  private clients = new Set<Client>();
  private last = 0;
  /**
   * Nobody listened when the trail last grew, so it was not read: `last` is behind, and the hub reads
   * on from it when next wanted. On the embedded store a read runs on the server's own thread, in
   * front of the reads the runs' followers wait for.
   */
  private behind = false;
  /** Callers waiting for the hub to catch up with no client there (a scrape of the metrics). */
  private wanted = 0;

  constructor(
    private readonly app: App,
    private readonly read: Read,
    private readonly metrics: ServerMetrics,
    /** Without it, a catch-up nobody is sent reads every record it skipped. */
    private readonly skim?: Skim,
  ) {}

  /** Starts from the head of the trail: only what comes after is news. */
  async start(): Promise<void> {
    for (;;) {
      const page = await this.read(this.app, this.last, 10_000);
      if (page.length === 0) return;
      this.last = page.at(-1)!.seq;
    }
  }

  private readonly reader = coalesce(async () => {
    if (this.clients.size === 0 && this.wanted === 0) {
      this.behind = true;
      return;
    }
    if (this.behind && this.skim && ![...this.clients].some((c) => c.live)) {
      // What nobody heard goes to nobody: after a long quiet stretch (a day of executors' records)
      // the gate records are counted by the store, not read one page at a time.
      const { head, counts } = await this.skim(this.app, this.last);
      for (const { type, n } of counts) this.metrics.gateTransitions.inc({ type }, n);
      this.last = Math.max(this.last, head);
      this.behind = false;
      return;
    }
    for (;;) {
      const page = await this.read(this.app, this.last, PAGE);
      if (page.length === 0) break;
      for (const r of page) {
        // Counted here, as read, so a record is counted once whoever listens (or whenever caught up).
        if (r.type.startsWith('gate')) this.metrics.gateTransitions.inc({ type: r.type });
        if (this.clients.size) {
          const e = toEvent(r);
          for (const c of this.clients) if (c.live && c.sent < e.seq) send(c, e);
        }
        this.last = r.seq;
      }
      if (page.length < PAGE) break;
    }
    // Only now: a client that joins while the hub catches up waits for it, rather than start from a
    // head that is not the trail's.
    this.behind = false;
  });

  /** Something changed: read what is new (one reader at a time; a change meanwhile reads again). */
  changed(): void {
    this.reader.signal();
  }

  /** Reads what nobody listened to since (the gate records it counts included); at once if nothing. */
  async catchUp(): Promise<void> {
    if (!this.behind) return;
    this.wanted++;
    try {
      this.reader.signal();
      await this.reader.idle();
    } finally {
      this.wanted--;
    }
  }

  /**
   * A client from `after` on (`head`: only what comes next): what it missed from the store first,
   * then live.
   */
  async join(after: number | 'head', write: (frame: Uint8Array) => void): Promise<() => void> {
    const c: Client = { sent: 0, live: false, write };
    this.clients.add(c);
    this.metrics.sseClients.set(this.clients.size);
    const leave = () => {
      this.clients.delete(c);
      this.metrics.sseClients.set(this.clients.size);
    };
    try {
      await this.catchUp();
      c.sent = after === 'head' ? this.last : after;
      // A client at the head (most of them) needs no read of its own: the hub sends it what comes.
      // Until it reaches what the hub has sent; then, with no wait between, it goes live.
      while (c.sent < this.last) {
        const page = await this.read(this.app, c.sent, Math.min(PAGE, this.last - c.sent));
        if (page.length === 0) break;
        for (const r of page) send(c, toEvent(r));
      }
    } catch (e) {
      leave();
      throw e;
    }
    c.live = true;
    return leave;
  }

  /** The last event read (behind the trail while nobody listens: see catchUp). */
  get head(): number {
    return this.last;
  }

  get size(): number {
    return this.clients.size;
  }
}

function send(c: Client, e: FeedEvent): void {
  c.sent = e.seq;
  c.write(e.frame);
}

function toEvent(r: { seq: number; type: string; at: string; actor: string; data: unknown }): FeedEvent {
  // The store holds records redacted already; this catches a secret registered since (the same redactor,
  // so a redacted record is sent as it was hashed).
  const data = JSON.stringify(
    redactDeep({ seq: r.seq, type: r.type, at: r.at, actor: r.actor, data: r.data }, secretValues(), {
      patterns: true,
    }),
  );
  return { seq: r.seq, frame: Buffer.from(`id: ${r.seq}\nevent: audit\ndata: ${data}\n\n`) };
}

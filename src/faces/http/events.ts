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
  /** The SSE frame, made once for every client. */
  frame: string;
}

interface Client {
  sent: number;
  /** Caught up with the hub: it is sent what the hub reads. Until then it reads its backlog itself. */
  live: boolean;
  write(frame: string): void;
}

type Read = (
  app: App,
  afterSeq: number,
  limit: number,
) => Promise<{ seq: number; type: string; at: string; actor: string; data: unknown }[]>;

const PAGE = 500;

export class EventHub {
  private clients = new Set<Client>();
  private last = 0;

  constructor(
    private readonly app: App,
    private readonly read: Read,
    private readonly metrics: ServerMetrics,
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
    for (;;) {
      const page = await this.read(this.app, this.last, PAGE);
      if (page.length === 0) break;
      for (const r of page) {
        const e = toEvent(r);
        if (r.type.startsWith('gate')) this.metrics.gateTransitions.inc({ type: r.type });
        for (const c of this.clients) if (c.live && c.sent < e.seq) send(c, e);
        this.last = r.seq;
      }
      if (page.length < PAGE) break;
    }
  });

  /** Something changed: read what is new (one reader at a time; a change meanwhile reads again). */
  changed(): void {
    this.reader.signal();
  }

  /** A client from `after` on: what it missed from the store first, then live. */
  async join(after: number, write: (frame: string) => void): Promise<() => void> {
    const c: Client = { sent: after, live: false, write };
    this.clients.add(c);
    this.metrics.sseClients.set(this.clients.size);
    // A client at the head (most of them) needs no read of its own: the hub sends it what comes.
    // Until it reaches what the hub has sent; then, with no wait between, it goes live.
    while (c.sent < this.last) {
      const page = await this.read(this.app, c.sent, Math.min(PAGE, this.last - c.sent));
      if (page.length === 0) break;
      for (const r of page) send(c, toEvent(r));
    }
    c.live = true;
    return () => {
      this.clients.delete(c);
      this.metrics.sseClients.set(this.clients.size);
    };
  }

  /** The last event read: where a client that wants only what comes next starts. */
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
  return { seq: r.seq, frame: `id: ${r.seq}\nevent: audit\ndata: ${data}\n\n` };
}

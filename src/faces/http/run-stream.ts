import type { App } from '../../app/kernel/index.js';
import type { RunLogLine, RunSummary, RunView } from '../../app/ops/index.js';
import { redactDeep, secretValues } from '../../base/index.js';
import { coalesce } from './coalesce.js';

// The runs, live: one run's log lines (the line's id as the event id, so Last-Event-ID resumes) and
// its state (a `run` event with the RunView when its phases, gates, artifacts or approvals change);
// or, without a run, a `run` event with the summary of any run whose summary changes. On every
// change the store signals, the hub reads once for all its followers: the new log lines of every run,
// the state of each run someone follows, and the runs list when someone follows it.

type Ops = typeof import('../../app/ops/index.js');

interface Follower {
  /** A run's whole id; null for the runs list. */
  run: string | null;
  sent: number;
  /** Caught up with the hub: it is sent what the hub reads. Until then it reads its backlog itself. */
  live: boolean;
  write(frame: string | Uint8Array): void;
}

const PAGE = 500;

// Frames are made once for every follower, redacted as every other response is.
const json = (v: unknown) => JSON.stringify(redactDeep(v, secretValues(), { patterns: true }));
const logFrame = (l: RunLogLine) => `id: ${l.event.id}\nevent: log\ndata: ${json(l.event)}\n\n`;
const runFrame = (x: RunView | RunSummary) => `event: run\ndata: ${json(x)}\n\n`;

export class RunHub {
  private followers = new Set<Follower>();
  /** The newest log line read. */
  private last = 0;
  /**
   * Nobody followed when the log last grew, so it was not read: `last` is behind, and is moved to the
   * log's head when next needed. On the embedded store a read runs on the server's own thread, and
   * every change would otherwise pay one, followers or not.
   */
  private behind = false;
  /** What was last sent of each followed run, and of each listed run's summary. */
  private views = new Map<string, string>();
  private summaries = new Map<string, string>();
  /**
   * What joining followers read, by what they read, until the next change: 1,000 followers who join
   * at once share one read of their run. A read that failed is not kept.
   */
  private reads = new Map<string, Promise<unknown>>();

  constructor(
    private readonly app: App,
    private readonly ops: Ops,
    /** Told how many follow, whenever that changes (the server's metrics). */
    private readonly onFollowers: (n: number) => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.last = await this.ops.runLogHead(this.app);
  }

  private readonly reader = coalesce(() => this.read());

  /** Something changed: read what is new (one reader at a time; a change meanwhile reads again). */
  changed(): void {
    this.reads.clear();
    this.reader.signal();
  }

  private shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    const had = this.reads.get(key);
    if (had) return had as Promise<T>;
    const p = read();
    this.reads.set(key, p);
    p.catch(() => {
      if (this.reads.get(key) === p) this.reads.delete(key);
    });
    return p;
  }

  /** A run's state as a joining follower reads it (`ref`: its id or the start of it), shared. */
  state(ref: string): Promise<RunView> {
    return this.shared(`state ${ref}`, () => this.ops.runState(this.app, ref));
  }

  /** Settles once what was signalled so far is read (a clean stop). */
  idle(): Promise<void> {
    return this.reader.idle();
  }

  /** Settles once the changes signalled before the call are sent, whatever comes after. */
  settled(): Promise<void> {
    return this.reader.settled();
  }

  private async catchUp(): Promise<void> {
    this.behind = false;
    // Never backwards: a read that ran meanwhile may have gone past the head asked for here.
    this.last = Math.max(this.last, await this.ops.runLogHead(this.app));
  }

  private async read(): Promise<void> {
    if (this.followers.size === 0) {
      this.behind = true;
      return;
    }
    if (this.behind) await this.catchUp();
    // What one read has for each follower goes out in one write: a change is often a log line and the
    // run's new state, and on 1,000 sockets each write is a system call.
    const out = new Map<Follower, string[]>();
    const queue = (f: Follower, frame: string) => {
      const frames = out.get(f);
      if (frames) frames.push(frame);
      else out.set(f, [frame]);
    };
    try {
      for (;;) {
        const page = await this.ops.runLogPage(this.app, { after: this.last, limit: PAGE });
        for (const l of page) {
          const frame = logFrame(l);
          for (const f of this.followers)
            if (f.live && f.run === l.run && f.sent < l.event.id) {
              f.sent = l.event.id;
              queue(f, frame);
            }
          this.last = l.event.id;
        }
        if (page.length < PAGE) break;
      }
      const followed = new Set([...this.followers].map((f) => f.run));
      for (const run of followed) {
        if (run === null) continue;
        const view = await this.ops.runState(this.app, run);
        const json = JSON.stringify(view);
        if (this.views.get(run) === json) continue;
        this.views.set(run, json);
        this.send(run, runFrame(view), queue);
      }
      if (followed.has(null)) {
        for (const s of await this.ops.listOpsRuns(this.app)) {
          const json = JSON.stringify(s);
          if (this.summaries.get(s.id) === json) continue;
          this.summaries.set(s.id, json);
          this.send(null, runFrame(s), queue);
        }
      }
    } finally {
      // Sent even when a later read failed: the log lines already counted as sent must reach them.
      // Encoded once for all who get the same frames: a string is encoded again for every socket.
      const encoded = new Map<string, Buffer>();
      for (const [f, frames] of out) {
        if (!this.followers.has(f)) continue;
        const text = frames.length === 1 ? frames[0]! : frames.join('');
        let bytes = encoded.get(text);
        if (!bytes) {
          bytes = Buffer.from(text);
          encoded.set(text, bytes);
        }
        f.write(bytes);
      }
      // Node's response holds each write until the next tick (it corks the socket): the read ends
      // once they have left, so what waits for it (a delivery's work schedule) comes after the
      // followers' writes instead of before them on the same thread.
      if (out.size) await new Promise<void>((resolve) => process.nextTick(resolve));
    }
  }

  private send(run: string | null, frame: string, queue: (f: Follower, frame: string) => void): void {
    for (const f of this.followers) if (f.live && f.run === run) queue(f, frame);
  }

  /**
   * A follower of `run` (its whole id) from log line `after` on: its backlog and its state first, then
   * live. Without a run, the runs list from now on.
   */
  async join(
    run: string | null,
    after: number,
    write: (frame: string | Uint8Array) => void,
  ): Promise<() => void> {
    const f: Follower = { run, sent: after, live: false, write };
    this.followers.add(f);
    this.onFollowers(this.followers.size);
    const leave = () => {
      this.followers.delete(f);
      this.onFollowers(this.followers.size);
      if (![...this.followers].some((o) => o.run === run)) {
        if (run === null) this.summaries.clear();
        else this.views.delete(run);
      }
    };
    try {
      if (run === null) {
        if (this.summaries.size === 0)
          for (const s of await this.ops.listOpsRuns(this.app)) this.summaries.set(s.id, JSON.stringify(s));
      } else {
        const view = await this.state(run);
        // What the others were sent stays the reference: a change this follower saw first still
        // reaches them.
        if (!this.views.has(run)) this.views.set(run, JSON.stringify(view));
        write(runFrame(view));
        // Up to what the hub has read, then live with no wait between.
        if (this.behind) await this.catchUp();
        for (;;) {
          const upTo = this.last;
          if (f.sent >= upTo) break;
          const after = f.sent;
          const page = await this.shared(`log ${run} ${after} ${upTo}`, () =>
            this.ops.runLogPage(this.app, { after, upTo, run, limit: PAGE }),
          );
          for (const l of page) {
            f.sent = l.event.id;
            write(logFrame(l));
          }
          if (page.length < PAGE) f.sent = upTo;
        }
      }
    } catch (e) {
      leave();
      throw e;
    }
    f.live = true;
    return leave;
  }

  get size(): number {
    return this.followers.size;
  }
}

import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/kernel/index.js';
import type { RunLogLine, RunSummary, RunView } from '../../../src/app/ops/index.js';
import { RunHub } from '../../../src/faces/http/run-stream.js';

// The runs' hub reads once per change for all its followers, and each follower hears only its run.

function store() {
  const lines: RunLogLine[] = [];
  const status = new Map<string, string>([
    ['a', 'running'],
    ['b', 'running'],
  ]);
  const reads = { log: 0, state: 0, list: 0 };
  const line = (run: string, id: number): RunLogLine => ({
    run,
    event: { id, ts: '', level: 'info', source: 't', phase: null, message: `${run}${id}`, data: null },
  });
  const ops = {
    runLogHead: async () => lines.at(-1)?.event.id ?? 0,
    runLogPage: async (_: App, q: { after: number; upTo?: number; run?: string; limit: number }) => {
      reads.log++;
      return lines
        .filter(
          (l) =>
            l.event.id > q.after &&
            (q.upTo === undefined || l.event.id <= q.upTo) &&
            (!q.run || l.run === q.run),
        )
        .slice(0, q.limit);
    },
    runState: async (_: App, id: string) => {
      reads.state++;
      return { id, status: status.get(id) } as RunView;
    },
    listOpsRuns: async () => {
      reads.list++;
      return [...status].map(([id, s]) => ({ id, status: s }) as RunSummary);
    },
  };
  return { lines, status, reads, line, ops };
}

const settle = async (hub: RunHub) => {
  await new Promise((r) => setTimeout(r, 0));
  await hub.idle();
};

/** The SSE frames in what one write sent. */
const frames = (chunk: string | Uint8Array) =>
  Buffer.from(chunk)
    .toString('utf8')
    .split(/(?<=\n\n)/)
    .filter(Boolean);

describe('RunHub', () => {
  it('reads once per change for every follower; each hears its run, the list hears summaries', async () => {
    const s = store();
    s.lines.push(s.line('a', 1), s.line('b', 2));
    const hub = new RunHub({} as App, s.ops as never);
    await hub.start();
    const got: string[][] = [[], [], [], []];
    const last: (string | Uint8Array)[] = [];
    let writes = 0;
    await hub.join('a', 0, (f) => {
      writes++;
      last[0] = f;
      got[0]!.push(...frames(f));
    });
    await hub.join('a', 1, (f) => {
      last[1] = f;
      got[1]!.push(...frames(f));
    });
    await hub.join('b', 0, (f) => got[2]!.push(...frames(f)));
    const leave = await hub.join(null, 0, (f) => got[3]!.push(...frames(f)));
    // Backlog: a follower from 0 has line 1; one resumed after 1 has none.
    expect(got[0]!.filter((f) => f.startsWith('id:'))).toEqual([expect.stringMatching(/^id: 1\nevent: log/)]);
    expect(got[1]!.filter((f) => f.startsWith('id:'))).toEqual([]);
    Object.assign(s.reads, { log: 0, state: 0, list: 0 });
    for (const f of got) f.length = 0;
    writes = 0;

    s.lines.push(s.line('a', 3), s.line('a', 4), s.line('b', 5));
    s.status.set('a', 'success');
    hub.changed();
    await settle(hub);
    // One page of lines, one state per followed run, one list: not one per follower.
    expect(s.reads).toEqual({ log: 1, state: 2, list: 1 });
    const ids = (fs: string[]) =>
      fs.map((f) => /^id: (\d+)/.exec(f)?.[1] ?? JSON.parse(f.split('data: ')[1]!).status);
    expect(ids(got[0]!)).toEqual(['3', '4', 'success']);
    // What one read has for a follower goes out in one write, encoded once for all who get the same.
    expect(writes).toBe(1);
    expect(ids(got[1]!)).toEqual(['3', '4', 'success']);
    expect(last[0]).toBeInstanceOf(Uint8Array);
    expect(last[1]).toBe(last[0]);
    expect(ids(got[2]!)).toEqual(['5']);
    expect(got[3]!.map((f) => JSON.parse(f.split('data: ')[1]!))).toEqual([{ id: 'a', status: 'success' }]);

    // A follower that joins after a change, before the hub reads it, does not keep it from the others.
    s.status.set('b', 'error');
    const late: string[] = [];
    await hub.join('b', 5, (f) => late.push(...frames(f)));
    hub.changed();
    await settle(hub);
    expect(ids(got[2]!)).toEqual(['5', 'error']);
    expect(ids(late)).toEqual(['error', 'error']);

    // Nothing new: nothing sent. Without list followers the list is not read.
    leave();
    for (const f of got) f.length = 0;
    Object.assign(s.reads, { log: 0, state: 0, list: 0 });
    hub.changed();
    await settle(hub);
    expect(got.flat()).toEqual([]);
    expect(s.reads.list).toBe(0);
  });

  it("settles a change once its followers' writes have left, not when they were handed over", async () => {
    const s = store();
    const hub = new RunHub({} as App, s.ops as never);
    await hub.start();
    const sent: string[] = [];
    // As Node's response does: a write is held (the socket corked) until the next tick.
    await hub.join('a', 0, (f) => process.nextTick(() => sent.push(...frames(f))));
    await settle(hub);
    sent.length = 0;
    s.status.set('a', 'success');
    hub.changed();
    // What waits for the change (a delivery's work schedule) runs after the writes, not before them.
    await hub.settled();
    expect(sent.map((f) => JSON.parse(f.split('data: ')[1]!).status)).toEqual(['success']);
  });

  it('reads nothing while nobody follows; a follower who joins later gets the backlog, then live lines', async () => {
    const s = store();
    const hub = new RunHub({} as App, s.ops as never);
    await hub.start();
    for (let id = 1; id <= 4; id++) {
      s.lines.push(s.line(id % 2 ? 'a' : 'b', id));
      hub.changed();
      await settle(hub);
    }
    expect(s.reads.log).toBe(0);
    const got: string[] = [];
    await hub.join('a', 0, (f) => got.push(...frames(f)));
    s.lines.push(s.line('a', 5), s.line('b', 6), s.line('a', 7));
    hub.changed();
    await settle(hub);
    const ids = got.filter((f) => f.startsWith('id:')).map((f) => Number(/^id: (\d+)/.exec(f)![1]));
    expect(ids).toEqual([1, 3, 5, 7]);
  });
});

describe('RunHub joins', () => {
  it('concurrent joins of a run share one read of its state and backlog, unless a change came between', async () => {
    const s = store();
    s.lines.push(s.line('a', 1), s.line('a', 2), s.line('b', 3));
    const hub = new RunHub({} as App, s.ops as never);
    await hub.start();
    Object.assign(s.reads, { log: 0, state: 0, list: 0 });
    const got: string[][] = Array.from({ length: 50 }, () => []);
    // The server resolves the run first (its whole id), then joins: both share the read.
    const joins = got.map(async (g) => {
      const view = await hub.state('a');
      return hub.join(view.id, 0, (f) => g.push(...frames(f)));
    });
    await Promise.all(joins);
    expect(s.reads).toEqual({ log: 1, state: 1, list: 0 });
    for (const g of got)
      expect(g.map((f) => /^id: (\d+)/.exec(f)?.[1] ?? JSON.parse(f.split('data: ')[1]!).status)).toEqual([
        'running',
        '1',
        '2',
      ]);

    // A change signalled while a read runs: a join after it reads afresh, and sees the change.
    Object.assign(s.reads, { log: 0, state: 0, list: 0 });
    const first = hub.state('a');
    s.status.set('a', 'success');
    hub.changed();
    const late: string[] = [];
    await hub.join('a', 2, (f) => late.push(...frames(f)));
    await first;
    await settle(hub);
    expect(s.reads.state).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(late[0]!.split('data: ')[1]!).status).toBe('success');
  });
});

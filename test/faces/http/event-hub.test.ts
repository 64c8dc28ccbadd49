import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/kernel/index.js';
import { EventHub } from '../../../src/faces/http/events.js';
import { serverMetrics } from '../../../src/faces/http/metrics.js';
import {
  appendAudit,
  countAuditTypes,
  type ExecDb,
  inTransaction,
  readAudit,
} from '../../../src/ports/store/index.js';
import { backends } from '../../ports/store/backends.js';
import { freshStores } from '../../ports/store/execution-helpers.js';

// The audit feed reads the trail only while someone listens: a change nobody hears costs no read. What
// it skipped is read when next wanted (a client joins, the metrics are scraped), so each client still
// gets every record once and the gate records are still counted.
const suites = await backends('serve event hub');

const settle = () => new Promise((r) => setTimeout(r, 20));
const ids = (frames: Uint8Array[]) =>
  frames.map((f) => Number(/^id: (\d+)/.exec(String(Buffer.from(f)))![1]));

/**
 * A hub over `x` that counts its reads of records (`skim`: with the store's count for catch-ups
 * nobody is sent), started after one record; `change` appends a record of `type` and tells the hub.
 */
async function feedOn(x: ExecDb, skim: boolean) {
  const counted = { reads: 0 };
  const read = (_: App, after: number, limit: number) => {
    counted.reads++;
    return readAudit(x, after, limit);
  };
  const metrics = serverMetrics();
  const hub = new EventHub(
    {} as App,
    read,
    metrics,
    skim ? (_: App, after: number) => countAuditTypes(x, after, 'gate') : undefined,
  );
  const append = (type: string) =>
    inTransaction(x.db, (tx) => appendAudit({ ...x, db: tx } as ExecDb, [{ actor: 't', type, data: {} }]));
  const change = async (type: string) => {
    await append(type);
    hub.changed();
    await settle();
  };
  const gates = async () =>
    (await metrics.gateTransitions.get()).values.map((v) => [v.labels.type, v.value]).sort();
  await append('bench-change');
  await hub.start();
  return { hub, counted, change, gates, start: hub.head };
}

describe.each(suites)('the audit feed on $name', ({ name, available, fresh }) => {
  const store = freshStores({ name, fresh });

  it.runIf(available)('reads nothing while nobody listens; a join or a scrape catches up', async () => {
    const { hub, counted, change, gates, start } = await feedOn((await store()).x, false);

    // Three changes, nobody listening: no read.
    counted.reads = 0;
    for (const type of ['gate-opened', 'bench-change', 'gate-passed']) {
      await change(type);
    }
    expect(counted.reads).toBe(0);

    // A scrape counts the gate records nobody heard of, once.
    await hub.catchUp();
    expect(await gates()).toEqual([
      ['gate-opened', 1],
      ['gate-passed', 1],
    ]);
    await hub.catchUp();
    expect((await gates()).length).toBe(2);

    // Again unheard; then a client from the start gets all of it once, and what follows live.
    await change('gate-opened');
    const got: Uint8Array[] = [];
    const leave = await hub.join(start, (f) => got.push(f));
    const other: Uint8Array[] = [];
    const leaveOther = await hub.join('head', (f) => other.push(f));
    expect(ids(got)).toEqual([start + 1, start + 2, start + 3, start + 4]);
    await change('bench-change');
    expect(ids(got)).toEqual([start + 1, start + 2, start + 3, start + 4, start + 5]);
    // What the hub reads is encoded once for every client.
    expect(other).toEqual([got.at(-1)]);
    expect(other[0]).toBeInstanceOf(Uint8Array);
    expect(other[0]).toBe(got.at(-1));
    expect(await gates()).toEqual([
      ['gate-opened', 2],
      ['gate-passed', 1],
    ]);

    // A client that asks for the head after changes nobody heard gets only what comes next.
    leave();
    leaveOther();
    await change('bench-change');
    const fresh: Uint8Array[] = [];
    await hub.join('head', (f) => fresh.push(f));
    expect(fresh).toEqual([]);
    await change('bench-change');
    expect(ids(fresh)).toEqual([start + 7]);
  });

  it.runIf(available)('with the store counting, a catch-up nobody is sent reads no record', async () => {
    const { hub, counted, change, gates, start } = await feedOn((await store()).x, true);
    for (const type of ['gate-opened', 'bench-change', 'gate-passed', 'gate-opened', 'ungated']) {
      await change(type);
    }
    counted.reads = 0;
    await hub.catchUp();
    expect(counted.reads).toBe(0);
    expect(hub.head).toBe(start + 5);
    expect(await gates()).toEqual([
      ['gate-opened', 2],
      ['gate-passed', 1],
    ]);
    // A client that missed them still gets each one from the trail, and then what follows, live.
    await change('gate-passed');
    const got: Uint8Array[] = [];
    await hub.join(start + 3, (f) => got.push(f));
    expect(ids(got)).toEqual([start + 4, start + 5, start + 6]);
    await change('bench-change');
    expect(ids(got)).toEqual([start + 4, start + 5, start + 6, start + 7]);
    expect(await gates()).toEqual([
      ['gate-opened', 2],
      ['gate-passed', 2],
    ]);
  });
});

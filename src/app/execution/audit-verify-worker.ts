import { parentPort, workerData } from 'node:worker_threads';
import { type AuditRange, readAuditRangeAt } from '../../ports/store/index.js';
import { verifyRange } from './audit-verify-range.js';

// A worker thread's part of `audit verify` on Postgres: one range, read on a connection of its own in
// the snapshot the main thread exported. Built as a file of its own (scripts/build.mjs).

interface Task {
  url: string;
  shared: string;
  range: AuditRange;
  batch?: number;
}

const task = workerData as Task;
verifyRange(task.range, (range, feed) =>
  readAuditRangeAt(task.url, task.shared, range, feed, task.batch),
).then(
  (outcome) => parentPort?.postMessage({ outcome }),
  (e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) }),
);

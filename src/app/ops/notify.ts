import { EventEmitter } from 'node:events';

/**
 * What changed in a run, told in-process to whoever listens (a server's live streams on the embedded
 * store, where no other process can write): new log lines, a status, a gate, an artifact. Postgres
 * deployments can add LISTEN/NOTIFY beside it; the payload is the same.
 */
export type RunChange =
  | { type: 'events'; run: string; lastId: number }
  | { type: 'status'; run: string; status: string }
  | { type: 'gate'; run: string; gate: string; status: string }
  | { type: 'artifact'; run: string; title: string };

const bus = new EventEmitter();
bus.setMaxListeners(0);

export function notifyRunChange(c: RunChange): void {
  bus.emit('change', c);
}

/** Listens to every run's changes; returns the function that stops listening. */
export function onRunChange(listener: (c: RunChange) => void): () => void {
  bus.on('change', listener);
  return () => bus.off('change', listener);
}

import { EventEmitter } from 'node:events';

/**
 * What changed in a run, told to whoever listens in the process that changed it: new log lines, a
 * status, a gate, an artifact. Across
 * processes, every change to a run's rows also notifies the store's change channel, which `serve`'s
 * streams follow.
 */
export type RunChange =
  | { type: 'events'; run: string; lastId: number }
  /** waitedMs: how long it waited for approval, when this change ends that wait (approved or denied). */
  | { type: 'status'; run: string; status: string; waitedMs?: number }
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

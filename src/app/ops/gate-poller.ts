import { PtError, pollSeconds } from '../../base/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import type { HeldLock } from '../../ports/store/index.js';
import { type App, type OpenForge, openForge } from '../kernel/index.js';
import { type GatePollResult, pollGates } from './gate-poll.js';
import { nextPollDelay, type SeenRateLimit } from './poll-delay.js';

/** The Postgres advisory lock every serving process tries: its holder alone polls. */
export const POLLER_LOCK = 'papertrail gate poller';

export interface GatePollerOptions {
  /** Only this run's gates; the poller ends by itself once the run has finished and none is pending. */
  run?: string;
  /** Milliseconds between polls; default from papertrail.yaml (ops.pollSeconds). */
  intervalMs?: number;
  /** On Postgres, poll only while holding POLLER_LOCK (serve: one process polls at a time). */
  exclusive?: boolean;
  /** How often the forge's ETags are written for the next process while polling (default 5 min). */
  keepEtagsMs?: number;
  onPoll?: (r: GatePollResult) => void;
  onError?: (e: unknown) => void;
}

const KEEP_ETAGS_MS = 5 * 60_000;

export interface GatePoller {
  /**
   * Resolves when the poller has ended: stopped, or (with a run) that run's gates settled; rejects
   * when that run cannot be followed (ops/unknown-run).
   */
  readonly done: Promise<void>;
  /** Polls made, and whether this process holds the lock now. */
  readonly polls: number;
  readonly leading: boolean;
  stop(): Promise<void>;
}

/** Whether runs' CI gates here follow GitHub by polling: a GitHub workspace with a non-zero interval. */
export function pollingOn(app: App): boolean {
  return app.ws.config.forge === 'github' && pollSeconds(app.ws.config) > 0;
}

const rateLimitOf = (forge: ForgePort | undefined): SeenRateLimit | null =>
  (forge as { rateLimit?: SeenRateLimit } | undefined)?.rateLimit ?? null;

/**
 * Reads GitHub's checks for pending CI gates every interval, slower when GitHub's rate-limit headers
 * or failures say so, with conditional requests (the forge's ETags: an unchanged head costs a 304).
 * The forge stays open while it runs, so its ETags do; they are written for the next process every
 * few minutes and when it stops, so a poller killed outright loses only the last few minutes' worth.
 */
export function startGatePoller(app: App, opts: GatePollerOptions = {}): GatePoller {
  const intervalMs = opts.intervalMs ?? pollSeconds(app.ws.config) * 1000;
  const url = opts.exclusive ? process.env.DATABASE_URL : undefined;
  let stopped = false;
  let polls = 0;
  let failures = 0;
  let lock: HeldLock | null = null;
  let open: OpenForge | null = null;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  let fatal: PtError | null = null;
  let etagsKept = Date.now();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    }).finally(() => {
      if (timer) clearTimeout(timer);
      timer = null;
      wake = null;
    });

  /** One turn; returns the wait before the next, or null when the poller is done. */
  const turn = async (): Promise<number | null> => {
    if (url && !lock?.held) {
      lock = null;
      const { tryPostgresLock } = await import('../../ports/store/index.js');
      lock = await tryPostgresLock(url, POLLER_LOCK);
      if (!lock) return intervalMs;
    }
    if (stopped) return null;
    const forge = async () => {
      open ??= await openForge(app, {});
      return open.forge;
    };
    const r = await pollGates(app, forge, opts.run ? { run: opts.run } : {});
    if (Date.now() - etagsKept >= (opts.keepEtagsMs ?? KEEP_ETAGS_MS)) {
      etagsKept = Date.now();
      open?.saveCache?.();
    }
    polls++;
    failures = 0;
    opts.onPoll?.(r);
    if (opts.run && r.settled) return null;
    return nextPollDelay(intervalMs, rateLimitOf(open?.forge), Date.now());
  };

  const loop = async () => {
    while (!stopped) {
      let wait: number | null;
      try {
        wait = await turn();
      } catch (e) {
        // A run that is not there (or not one) will not become one: following it ends.
        if (opts.run && e instanceof PtError && e.code.startsWith('ops/')) {
          fatal = e;
          break;
        }
        failures++;
        opts.onError?.(e);
        wait = nextPollDelay(intervalMs, rateLimitOf(open?.forge), Date.now(), failures);
      }
      if (wait === null || stopped) break;
      await sleep(wait);
    }
    const held = lock;
    lock = null;
    await held?.release();
    const o = open;
    open = null;
    await o?.close().catch((e) => opts.onError?.(e));
    if (fatal) throw fatal;
  };
  const done = loop();

  return {
    done,
    get polls() {
      return polls;
    },
    get leading() {
      return !!lock?.held;
    },
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => {});
    },
  };
}

/**
 * For `ops show RUN --follow` on GitHub: polls that run's CI gates until it has finished and none is
 * pending (or `signal` stops it); `onMoved` hears each gate that leaves pending. Nothing to do where
 * polling is off.
 */
export async function followRunGates(
  app: App,
  run: string,
  opts: { signal?: AbortSignal; onMoved?: (m: GatePollResult['moved'][number]) => void } = {},
): Promise<void> {
  if (!pollingOn(app) || opts.signal?.aborted) return;
  const p = startGatePoller(app, {
    run,
    onPoll: (r) => {
      for (const m of r.moved) opts.onMoved?.(m);
    },
    onError: (e) =>
      app.onNote?.({ type: 'gate-poll-failed', error: e instanceof Error ? e.message : String(e) }),
  });
  const stop = () => void p.stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    await p.done;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
}

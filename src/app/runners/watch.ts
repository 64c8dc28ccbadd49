// Runner up/down for /metrics. A scrape reads what the last listing said; GitHub is asked at most once
// per `ttlMs` whatever the scrape rate (and scrapes at the same moment share one request), so a
// scraper every few seconds stays far inside GitHub's limits. A failed listing is not repeated before
// the next period either: the last good values are served meanwhile, and a scrape never waits for
// GitHub once there is a listing.
import type { ActionsPort, ActionsRunner } from '../../ports/forge/index.js';
import { actionsOf } from '../../ports/forge/index.js';
import { type App, openForge } from '../kernel/index.js';
import { poolsOf } from './status.js';

export interface RunnerUp {
  environment: string;
  pool: 'primary' | 'secondary';
  runner: string;
  /** 1 online (busy or idle), 0 offline. */
  up: 0 | 1;
}

export interface RunnerWatch {
  read(): Promise<RunnerUp[]>;
}

export const RUNNER_LISTING_TTL_MS = 60_000;

export function runnerWatch(
  app: App,
  opts: { ttlMs?: number; now?: () => number; actions?: () => Promise<ActionsPort> } = {},
): RunnerWatch {
  const ttl = opts.ttlMs ?? RUNNER_LISTING_TTL_MS;
  const now = opts.now ?? Date.now;
  const envs = Object.entries(app.ws.config.environments ?? {}).filter(([, e]) => e.runners);
  const watched = app.ws.config.forge === 'github' && envs.length > 0;
  let port: Promise<ActionsPort> | null = null;
  // One forge for the process: its ETags make an unchanged listing a 304.
  const actions =
    opts.actions ??
    (() => {
      port ??= openForge(app, { readOnly: true }).then((o) => actionsOf(o.forge));
      port.catch(() => {
        port = null;
      });
      return port;
    });
  let last: ActionsRunner[] | null = null;
  let askedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | null = null;

  const refresh = async () => {
    try {
      last = await (await actions()).listRunners();
    } catch {
      // Kept as it was: /metrics shows the last known state rather than failing the scrape.
    }
  };

  return {
    async read() {
      if (!watched) return [];
      if (!pending && now() - askedAt >= ttl) {
        askedAt = now();
        pending = refresh().finally(() => {
          pending = null;
        });
      }
      // Only the first scrape waits for GitHub; later ones serve the last listing while it refreshes.
      if (pending && !last) await pending;
      if (!last) return [];
      const runners = last;
      const out: RunnerUp[] = [];
      for (const [environment, env] of envs) {
        const { primary, secondary } = poolsOf(env, runners);
        for (const pool of [primary, secondary])
          for (const r of pool?.runners ?? [])
            out.push({ environment, pool: pool!.pool, runner: r.name, up: r.state === 'offline' ? 0 : 1 });
      }
      return out;
    },
  };
}

// The API's verbs: one route per CLI verb, each calling the application function its CLI command calls,
// with its arguments checked by valibot as the MCP tools check theirs. Reads answer GET (query string)
// and POST (JSON body); writes answer POST only. The role is the least one allowed to call it.
// `registerRoute` is how another part (the runs engine) adds its verbs: one entry each.
import * as v from 'valibot';
import type { App } from '../../app/kernel/index.js';
import type { Role } from './access.js';

export interface Caller {
  /** Who is calling: a token's name, or the workspace's actor on loopback without a token. */
  name: string | null;
  role: Role;
}

/** What a route may ask of the server it runs in. */
export interface RouteHost {
  /** Runs `job` after the answer, in this process, until it ends or the server closes (`signal`). */
  background(job: (signal: AbortSignal) => Promise<unknown>): void;
}

export interface Route {
  /** The verb's words, as the path under /api/: `work/list`. */
  verb: string;
  write: boolean;
  role: Role;
  input: v.GenericSchema<unknown, Record<string, unknown>>;
  run(app: App, input: Record<string, unknown>, caller: Caller, host: RouteHost): Promise<unknown>;
}

export const int = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))]),
  v.integer(),
  v.minValue(1),
  // The store's integer columns (issue numbers): a larger one would fail there, as a 500.
  v.maxValue(2 ** 31 - 1),
);
const bool = v.optional(
  v.union([
    v.boolean(),
    v.pipe(
      v.picklist(['true', 'false']),
      v.transform((s) => s === 'true'),
    ),
  ]),
);

const execution = () => import('../../app/execution/index.js');
const workflow = () => import('../../app/workflow/index.js');

/** Who decides a gate: a token's holder is who their token says, never who the body claims. */
const reviewerOf = (caller: Caller, given: string | undefined) => caller.name ?? given ?? undefined;

const ROUTES = new Map<string, Route>();

export function registerRoute<S extends v.GenericSchema<unknown, Record<string, unknown>>>(r: {
  verb: string;
  write: boolean;
  role: Role;
  input: S;
  run(app: App, input: v.InferOutput<S>, caller: Caller, host: RouteHost): Promise<unknown>;
}): void {
  if (ROUTES.has(r.verb)) throw new Error(`Route ${r.verb} is registered twice`);
  ROUTES.set(r.verb, r as unknown as Route);
}

export const routeOf = (verb: string) => ROUTES.get(verb);
export const verbs = () => [...ROUTES.keys()];

registerRoute({
  verb: 'work/list',
  write: false,
  role: 'viewer',
  input: v.strictObject({}),
  run: async (app) => ({ items: await (await execution()).workBackend(app).list() }),
});

registerRoute({
  verb: 'work/schedule',
  write: true,
  role: 'operator',
  input: v.strictObject({ dry_run: bool }),
  run: async (app, a) => {
    const x = await execution();
    return x.scheduleReport(await x.workBackend(app).schedule({ dryRun: a.dry_run }));
  },
});

const gateInput = {
  issue: int,
  gate: v.pipe(v.string(), v.minLength(1)),
  reason: v.pipe(v.string(), v.trim(), v.minLength(1)),
  reviewer: v.optional(v.string()),
};

/** A gate decision: who decides is the caller's token, if any (see reviewerOf). */
async function decide(
  app: App,
  caller: Caller,
  a: { issue: number; gate: string; reason: string; reviewer?: string | undefined },
  more: { decision: 'approve' | 'reject'; reentryStep?: string; revert?: boolean },
) {
  const reviewer = reviewerOf(caller, a.reviewer);
  return (await execution()).workBackend(app).decideGate({
    issue: a.issue,
    gate: a.gate,
    reason: a.reason,
    ...more,
    ...(reviewer ? { reviewer } : {}),
  });
}

registerRoute({
  verb: 'gate/approve',
  write: true,
  role: 'approver',
  input: v.strictObject(gateInput),
  run: (app, a, caller) => decide(app, caller, a, { decision: 'approve' }),
});

registerRoute({
  verb: 'gate/reject',
  write: true,
  role: 'approver',
  input: v.strictObject({ ...gateInput, reentry_step: v.pipe(v.string(), v.minLength(1)), revert: bool }),
  run: (app, a, caller) =>
    decide(app, caller, a, {
      decision: 'reject',
      reentryStep: a.reentry_step,
      ...(a.revert ? { revert: true } : {}),
    }),
});

registerRoute({
  verb: 'audit/verify',
  write: false,
  role: 'viewer',
  input: v.strictObject({}),
  run: async (app) => (await execution()).workBackend(app).verifyAudit(),
});

registerRoute({
  verb: 'export',
  write: false,
  role: 'viewer',
  input: v.strictObject({ from: v.optional(v.string()), to: v.optional(v.string()) }),
  run: async (app, a) => {
    const x = await execution();
    x.storeOnly(app, 'export');
    return x.exportMetrics(app, {
      ...(a.from ? { from: a.from } : {}),
      ...(a.to ? { to: a.to } : {}),
    });
  },
});

registerRoute({
  verb: 'checks/list',
  write: false,
  role: 'viewer',
  input: v.strictObject({
    pr: v.optional(int),
    ref: v.optional(v.string()),
    require: v.optional(v.string()),
  }),
  run: async (app, a) => {
    const required = a.require
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const target = { ...(a.pr ? { pr: a.pr } : {}), ...(a.ref ? { ref: a.ref } : {}) };
    return (await workflow()).checksList(app, target, required?.length ? { required } : {});
  },
});

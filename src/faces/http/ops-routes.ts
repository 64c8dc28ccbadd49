// The control room's verbs over HTTP, named and shaped as `papertrail ops ...`: a run started or
// approved here answers at once and runs in the background of this server's process, as the CLI runs
// it in its own. Who starts or approves is the caller (a token's name, or the workspace's actor on
// loopback), never a body field, so four-eyes holds over HTTP.
import * as v from 'valibot';
import type { App } from '../../app/kernel/index.js';
import type { StartRequest } from '../../app/ops/index.js';
import { type Caller, int, type RouteHost, registerRoute } from './routes.js';

const ops = () => import('../../app/ops/index.js');
const deps = async () => (await import('../wiring/index.js')).opsDeps();

const text = v.pipe(v.string(), v.trim(), v.minLength(1));
const count = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))]),
  v.integer(),
  v.minValue(0),
);

/** Inputs as the CLI's `k=v` (a bare value is the first input), or values by name. */
const startInput = {
  template: v.optional(text),
  intent: v.optional(text),
  input: v.optional(
    v.union([
      v.array(v.string()),
      v.record(
        v.string(),
        v.pipe(
          v.union([v.string(), v.number(), v.boolean()]),
          v.transform((x) => String(x)),
        ),
      ),
    ]),
  ),
  env: v.optional(text),
};

function startRequest(a: {
  template?: string | undefined;
  intent?: string | undefined;
  input?: string[] | Record<string, string> | undefined;
  env?: string | undefined;
}): StartRequest {
  return {
    ...(a.template ? { template: a.template } : {}),
    ...(a.intent ? { intent: a.intent } : {}),
    input: a.input ?? [],
    ...(a.env ? { env: a.env } : {}),
  };
}

const actor = (caller: Caller) => (caller.name ? { actor: caller.name } : {});

/** Runs a queued run in the background; its end is in the store and on the streams. */
function runLater(app: App, host: RouteHost, id: string, caller: Caller): void {
  host.background(async (signal) => {
    const [{ executeRun }, d] = await Promise.all([ops(), deps()]);
    return executeRun(app, id, d, { ...actor(caller), signal });
  });
}

registerRoute({
  verb: 'ops/templates',
  write: false,
  role: 'viewer',
  input: v.strictObject({}),
  run: async (app) => ({ templates: (await ops()).opsTemplates(app, await deps()) }),
});

registerRoute({
  verb: 'ops/plan',
  write: false,
  role: 'viewer',
  input: v.strictObject(startInput),
  // As a start would pick: by keywords, else by the configured model when none matches.
  run: async (app, a) => ({
    dryRun: true,
    plan: await (await ops()).planRunWithModel(app, startRequest(a), await deps()),
  }),
});

registerRoute({
  verb: 'ops/start',
  write: true,
  role: 'operator',
  input: v.strictObject(startInput),
  run: async (app, a, caller, host) => {
    const r = await (await ops()).startRun(app, { ...startRequest(a), ...actor(caller) }, await deps(), {
      execute: false,
    });
    if (r.run.status === 'queued') runLater(app, host, r.run.id, caller);
    return { plan: r.plan, run: r.run };
  },
});

registerRoute({
  verb: 'ops/list',
  write: false,
  role: 'viewer',
  input: v.strictObject({ env: v.optional(text), kind: v.optional(text), status: v.optional(text) }),
  run: async (app, a) => ({
    runs: await (await ops()).listOpsRuns(app, {
      ...(a.env ? { env: a.env } : {}),
      ...(a.kind ? { kind: a.kind } : {}),
      ...(a.status ? { status: a.status } : {}),
    }),
  }),
});

registerRoute({
  verb: 'ops/show',
  write: false,
  role: 'viewer',
  input: v.strictObject({ run: text }),
  run: async (app, a) => (await ops()).showRun(app, a.run),
});

registerRoute({
  verb: 'ops/events',
  write: false,
  role: 'viewer',
  input: v.strictObject({
    run: text,
    after: v.optional(count),
    limit: v.optional(v.pipe(int, v.maxValue(1000))),
  }),
  run: async (app, a) => (await ops()).runEvents(app, a.run, a.after ?? 0, a.limit ?? 1000),
});

registerRoute({
  verb: 'ops/approve',
  write: true,
  role: 'approver',
  input: v.strictObject({ run: text, reason: v.string() }),
  run: async (app, a, caller, host) => {
    const r = await (await ops()).approveRun(
      app,
      { run: a.run, reason: a.reason, ...actor(caller) },
      await deps(),
      { execute: false },
    );
    if (r.released) runLater(app, host, r.run.id, caller);
    return { run: r.run, approvals: r.approvals, quorum: r.quorum, released: r.released };
  },
});

registerRoute({
  verb: 'ops/cancel',
  write: true,
  role: 'operator',
  input: v.strictObject({ run: text }),
  run: async (app, a, caller) => ({
    run: await (await ops()).cancelRun(app, { run: a.run, ...actor(caller) }),
  }),
});

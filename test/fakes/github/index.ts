// A stateful fake of api.github.com on 127.0.0.1 that checks every request and every
// response it makes against GitHub's OpenAPI description (@octokit/openapi).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ActionsControl, actionsControl } from './actions.js';
import { type Fault, FaultQueue } from './faults.js';
import { routes } from './handlers/index.js';
import { handle } from './server.js';
import { FakeState } from './state.js';
import type { BodyMutation, Call, FakeGitHubOptions, Violation } from './types.js';
import { OpenApiValidator } from './validator.js';

export type { ActionsControl, JobConclusion, NewRunner, RunnerRecord } from './actions.js';
export type { Fault } from './faults.js';
export type { SpecName } from './spec.js';
export type { FakeState } from './state.js';
export type { BodyMutation, Call, FakeGitHubOptions, Violation } from './types.js';

export interface FakeGitHub {
  /** Base URL to give Octokit (`baseUrl`); `${url}/api/v3` works too. */
  url: string;
  token: string;
  state: FakeState;
  calls: Call[];
  /** Requests the description does not allow and responses of the fake that it does not match. */
  violations: Violation[];
  /** Milliseconds spent loading the description and starting the server. */
  startupMs: number;
  /** Test controls of GitHub Actions: workflows, runners, job outcomes. */
  actions: ActionsControl;
  fail(fault: Fault): void;
  /** Test-only: rewrite the next response body before it is validated. */
  corruptNextResponse(mutate: BodyMutation): void;
  close(): Promise<void>;
}

const validators = new Map<string, OpenApiValidator>();

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const started = performance.now();
  const specName = opts.spec ?? 'api.github.com';
  // Compiled validators are kept per description, so later fakes in a test file start fast.
  let validator = validators.get(specName);
  if (!validator) {
    validator = new OpenApiValidator(specName);
    validators.set(specName, validator);
  }
  let cloud: OpenApiValidator | undefined;
  if (specName.startsWith('ghes-')) {
    cloud = validators.get('api.github.com');
    if (!cloud) {
      cloud = new OpenApiValidator('api.github.com');
      validators.set('api.github.com', cloud);
    }
  }
  const token = opts.token ?? 'test-token';
  const state = new FakeState(opts.login ?? 'octocat', 1, opts.now ?? (() => new Date()));
  const faults = new FaultQueue();
  for (const f of opts.faults ?? []) faults.add(f);
  const calls: Call[] = [];
  const violations: Violation[] = [];
  const corruptions: BodyMutation[] = [];
  const limit = opts.rateLimit?.limit ?? 5000;
  const rate = {
    limit,
    used: limit - (opts.rateLimit?.remaining ?? limit),
    resetAfterSeconds: opts.rateLimit?.resetAfterSeconds ?? 3600,
    writesPerMinute: opts.rateLimit?.writesPerMinute,
    writeTimes: [] as number[],
  };
  let url = '';
  const deps = {
    validator,
    cloud,
    routes,
    state,
    faults,
    calls,
    violations,
    token,
    rate,
    corruptions,
    baseUrl: () => url,
  };
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      violations.push({
        kind: 'crash',
        method: req.method ?? '',
        path: req.url ?? '',
        messages: [String(err)],
      });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    state,
    calls,
    violations,
    startupMs: performance.now() - started,
    actions: actionsControl(state, state.actions),
    fail: (fault) => faults.add(fault),
    corruptNextResponse: (mutate) => {
      corruptions.push(mutate);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

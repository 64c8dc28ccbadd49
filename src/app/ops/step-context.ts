import type { Variables } from '../../domain/ops/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import type { ExecDb, Run } from '../../ports/store/index.js';
import type { App } from '../kernel/index.js';
import type { OpsDeps } from './deps.js';
import type { EventLog } from './event-log.js';
import type { StoredPlan } from './view.js';

/** What a step runs with: the run, its store session and forge, its values and its log. */
export interface StepContext {
  app: App;
  x: ExecDb;
  forge: ForgePort | null;
  run: Run;
  plan: StoredPlan;
  vars: Variables;
  /** The run's values as a command's environment (PT_INPUT_*, PT_RUN_ID, PT_ENV). */
  env: Record<string, string>;
  log: EventLog;
  deps: OpsDeps;
  actor: string;
  signal: AbortSignal;
}

/** How a step ended: an error message when it failed. */
export type StepEnd = { ok: true } | { ok: false; error: string };

import type { ActionsPort, ForgePort } from '../../ports/forge/index.js';
import type { App } from '../kernel/index.js';

/** What a verb step reports: whether it went well, a line for the log, and its structured result. */
export interface VerbOutcome {
  ok: boolean;
  summary: string;
  data?: unknown;
}

/**
 * A Papertrail verb a run template may call: the `with:` keys it takes (a template giving another is
 * refused when it is loaded), and the call, with the step's `with:` values as arguments.
 */
export interface OpsVerb {
  args: readonly string[];
  call(app: App, args: Readonly<Record<string, string>>): Promise<VerbOutcome>;
}

export interface OpsCheckRun {
  conclusion: 'success' | 'failure' | 'timed_out' | 'cancelled';
  exitCode: number | null;
  outputTail: string;
}

/**
 * What the control room uses from the other use-case folders, handed in by the face that starts it:
 * app folders do not import each other, and a face may import any. `verbs` are the verbs a template
 * may call; `runCheck` runs a configured check command against a pull request's head on the local
 * forge, through the forge the run already has open (the embedded store admits one owner).
 */
export interface OpsDeps {
  verbs: Readonly<Record<string, OpsVerb>>;
  runCheck?: (
    forge: ForgePort,
    cwd: string,
    check: { name: string; command: string; pr: number; timeoutMs: number; signal?: AbortSignal },
  ) => Promise<OpsCheckRun>;
  /**
   * GitHub Actions for deploys by workflow and runner health; by default the run's forge's on GitHub,
   * none on the local forge.
   */
  actions?: (forge: ForgePort | null) => ActionsPort | null;
  /**
   * How often a deploy looks at its place in the queue and at its workflow's job. Each look at a job
   * is one or two GitHub reads, so the default keeps a watched run to a few reads a minute.
   */
  deployPollMs?: number;
}

/** Without a face's wiring: no verbs, no local checks (a check's gate then waits for a report). */
export const NO_DEPS: OpsDeps = { verbs: {} };

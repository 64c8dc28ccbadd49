// `runners status`: each environment's runner pools as GitHub reports its self-hosted runners, read in
// one listing. On the local forge nothing is asked: a deploy there runs its command where Papertrail runs.
import type { DeployAction, EnvironmentSettings } from '../../base/index.js';
import { PtError } from '../../base/index.js';
import { type PoolHealth, poolHealth } from '../../domain/deploy/index.js';
import { type ActionsRunner, actionsOf } from '../../ports/forge/index.js';
import { type App, withForge } from '../kernel/index.js';

export interface EnvironmentRunners {
  name: string;
  pickupMinutes: number;
  /** The controls both pools share (pre-approval of the secondary). */
  controls: string[];
  /** How the deploy runs: a workflow dispatched to the pools, or a command where Papertrail runs. */
  deploy: { workflow: string } | { command: string };
  /** Null without `runners` in the environment, or on the local forge. */
  primary: PoolHealth | null;
  secondary: PoolHealth | null;
}

export interface RunnersStatus {
  forge: 'local' | 'github';
  repo: string | null;
  environments: EnvironmentRunners[];
  /** Every runner GitHub listed (repository and organisation); empty on the local forge. */
  runners: ActionsRunner[];
}

function deployOf(a: DeployAction): EnvironmentRunners['deploy'] {
  return a.workflow !== undefined ? { workflow: a.workflow } : { command: a.command ?? '' };
}

/** The configured environments, or just `only`; an unknown name is refused with the known ones. */
export function environmentsOf(app: App, only?: string): [string, EnvironmentSettings][] {
  const all = Object.entries(app.ws.config.environments ?? {});
  if (only === undefined) return all;
  const hit = all.filter(([name]) => name === only);
  if (hit.length === 0)
    throw new PtError('deploy/unknown-environment', `papertrail.yaml has no environment "${only}"`, {
      hint: all.length
        ? `Known environments: ${all.map(([n]) => n).join(', ')}.`
        : 'Add one under environments: in papertrail.yaml (see the README, "Deploys: environments and runners").',
      location: { file: 'papertrail.yaml' },
      exit: 2,
    });
  return hit;
}

export function poolsOf(env: EnvironmentSettings, runners: readonly ActionsRunner[]) {
  if (!env.runners) return { primary: null, secondary: null };
  return {
    primary: poolHealth('primary', env.runners.primary, runners),
    secondary: env.runners.secondary ? poolHealth('secondary', env.runners.secondary, runners) : null,
  };
}

export async function runnersStatus(app: App, opts: { env?: string } = {}): Promise<RunnersStatus> {
  const envs = environmentsOf(app, opts.env);
  const forge = app.ws.config.forge === 'github' ? 'github' : 'local';
  const repo = app.ws.config.repo ?? null;
  // Only GitHub has runners, and only environments with pools need them listed.
  const runners =
    forge === 'github' && envs.some(([, e]) => e.runners)
      ? await withForge(app, (f) => actionsOf(f).listRunners(), { readOnly: true })
      : [];
  const environments = envs.map(([name, e]) => ({
    name,
    pickupMinutes: e.pickupMinutes,
    controls: e.runners?.controls ?? [],
    deploy: deployOf(e.deploy),
    ...(forge === 'github' ? poolsOf(e, runners) : { primary: null, secondary: null }),
  }));
  return { forge, repo, environments, runners };
}

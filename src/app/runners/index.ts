// Self-hosted runners of the environments' pools: the status command and the runner up/down metric.

export {
  type EnvironmentRunners,
  environmentsOf,
  poolsOf,
  type RunnersStatus,
  runnersStatus,
} from './status.js';
export { RUNNER_LISTING_TTL_MS, type RunnerUp, type RunnerWatch, runnerWatch } from './watch.js';

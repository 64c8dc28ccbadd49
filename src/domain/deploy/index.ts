// Deploy rules: which self-hosted runners make up an environment's pools and how healthy they are, and
// what to do about a deploy job no runner has picked up (wait, fail over to the pre-approved pool, fail).

export {
  type Diagnosis,
  diagnosePickup,
  formatDuration,
  type PickupDecision,
  type PickupInput,
  type PickupJob,
  type RunnerPools,
} from './pickup.js';
export {
  carriesAll,
  describePool,
  type PoolHealth,
  type PoolName,
  type PoolRunner,
  type PoolVerdict,
  poolHealth,
  type RunnerState,
  runnerState,
  sameLabels,
} from './pools.js';

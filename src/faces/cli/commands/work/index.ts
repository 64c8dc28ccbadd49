// The sub-verbs of `work` (and the argument checks they share with `gate`), one module each.
export { exitCodeArg, leaseArg, textArg, wholeArg } from './args.js';
export { workClaimCommand } from './claim.js';
export { workCollectCommand } from './collect.js';
export { workCompleteCommand } from './complete.js';
export { workExportArtifactsCommand } from './export-artifacts.js';
export { workFailCommand } from './fail.js';
export { workHeartbeatCommand } from './heartbeat.js';
export { workListCommand } from './list.js';
export { workRetryCommand } from './retry.js';
export { workScheduleCommand } from './schedule.js';

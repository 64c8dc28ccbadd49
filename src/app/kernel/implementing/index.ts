// An implementing repository's spec (`.github/spec/`, which bootstrap copies there): reading it, and
// the check plan and validate share. Beside the kernel's index rather than in it, so that the commands
// of a decisions workspace do not load the plan model.
export { type ImplementingDocs, implementingSpecErrors } from './check.js';
export {
  mergePull,
  notHere,
  openPull,
  type PrMergeResult,
  resolvedIssues,
} from './pull-merge.js';
export { type ImplementingSpec, loadImplementingSpec, readImplementingDocs } from './spec.js';

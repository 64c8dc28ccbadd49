export { CACHE_FORMAT, type CacheData, cacheEngine, parseCacheData } from './cache-data.js';
export type { MemoResult, MemoStats } from './memo.js';
export {
  type ChangeMetadata,
  type Marker,
  type MetadataRead,
  readChangeMetadata,
  readMarker,
} from './metadata.js';
export * from './model.js';
export { containsShallOrMust, foldName, normalizeName, requirementName, scenarioName } from './names.js';
export { changeOverlaps } from './overlap.js';
export { parseDeltaSpec } from './parse-delta.js';
export { parseOpenSpecSpec } from './parse-main-spec.js';
export { findOpenSpecRoot, nearestOpenSpecProject } from './root.js';
export { finding, OPENSPEC_RULES, type OpenSpecCode, type OpenSpecRule } from './rules.js';
export { checkChange } from './rules-change.js';
export { checkDelta } from './rules-delta.js';
export { checkMerge, type MergeInput } from './rules-merge.js';
export { checkMainSpec } from './rules-spec.js';
export { checkTasks, parseTasks, type TaskLine } from './tasks.js';
export {
  type OpenSpecItem,
  type OpenSpecReport,
  type ValidateOpenSpecOptions,
  validateOpenSpec,
} from './validate.js';
export { type ChangeEntry, type OpenSpecTree, type SpecEntry, walkOpenSpec } from './walk.js';

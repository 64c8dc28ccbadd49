export { type ContextClone, type ContextStatus, cloneContexts, contextLines } from './contexts.js';
export { DEPENDENCIES_PATH, type Dependency, readDependencies } from './dependencies-file.js';
export { findNextIssue, type NextResult, nothingNext } from './next.js';
export { type NextIssueResult, nextIssue } from './next-issue.js';
export { type PlanResult, planRepo } from './plan-repo.js';
export { applyPlan, type PlanReport, type PlanRow } from './reconcile.js';
export { planTable, unsupportedNotices } from './render-report.js';
export { runPlan } from './run.js';

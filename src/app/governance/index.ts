// Governance use cases as plain async functions (app context, args) → structured result, no printing:
// the CLI and the MCP server call the same ones.
export { type ConstitutionCheckResult, constitutionCheck, governedDocuments } from './check.js';
export { type GovernanceInitArgs, type GovernanceInitResult, governanceInit } from './init.js';
export { type RunbookAcceptArgs, type RunbookAcceptResult, runbookAccept } from './runbook-accept.js';
export { type RunbookNewArgs, type RunbookNewResult, runbookNew } from './runbook-new.js';
export { type RunbookReviewArgs, type RunbookReviewResult, runbookReview } from './runbook-review.js';

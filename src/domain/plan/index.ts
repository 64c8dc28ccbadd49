export { desiredPlan, LABELS } from './desired.js';
export { ISSUE_BODY_LIMIT } from './issue-body.js';
export { editedOnForge, markerOf, plannedSha, withMarker } from './marker.js';
export type { PlanItem, PlanItemType, PlanLabel, PlanModel } from './model.js';
export { withTaskList } from './task-list.js';

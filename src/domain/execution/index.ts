export * from './audit-chain.js';
export * from './canonical-json.js';
export * from './check-workflow.js';
export * from './default-workflow.js';
export * from './model.js';
export * from './schedule.js';
export * from './speckit-tasks.js';
export * from './workflow-yaml.js';

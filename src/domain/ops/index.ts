// The control room's rules: run templates and their parser, the built-in ones, typed inputs, picking a
// template for an intent, risk and approval, forge check states as gate statuses, the security split.

export { type SecurityAlert, triageAlerts } from './alert-triage.js';
export { builtinTemplates } from './builtins.js';
export { checkOfDelivery, type DeliveredCheck } from './check-delivery.js';
export { gateStatusOfCheck } from './gate-status.js';
export { type InputValue, parseInputPairs, resolveInputs } from './inputs.js';
export { type IntentMatch, templateForIntent } from './intent.js';
export {
  answerEnvName,
  answerRef,
  answerStepOf,
  inputEnvName,
  interpolate,
  RUN_VARIABLES,
  referencesIn,
  type Variables,
} from './interpolate.js';
export * from './model.js';
export { type ApprovalPolicy, type ApprovalRefusal, approvalRefusal, needsApproval } from './risk.js';
export {
  type SecurityFix,
  type SecurityReviewItem,
  type SecurityTriage,
  triageAudit,
} from './security-triage.js';
export { parseTemplateYaml } from './template-yaml.js';

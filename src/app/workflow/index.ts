// The verbs on documents and the forge, as the faces call them: (app context, arguments) → a
// structured result, no printing. The MCP server imports them from here; the CLI's lazy loaders
// (faces/cli/lazy.ts) name the files, so that a verb loads only its own.
export {
  availableCommands,
  parseAssistants,
  READ_ONLY_TOOLS,
  TOOL_NAMES,
  type ToolName,
} from './assistant/index.js';
export {
  type BootstrapOptions,
  type BootstrapResult,
  bootstrap,
  bootstrapGitHub,
} from './bootstrap/index.js';
export { checksList } from './checks-list.js';
export {
  planCheck,
  type RunCheckOptions,
  type RunCheckPlan,
  type RunCheckResult,
  runCheck,
  runCheckWith,
} from './checks-run.js';
export { extendSpec } from './extend.js';
export { docsGraph } from './graph-docs.js';
export { type ImplementResult, implementIssue } from './implement.js';
export { type InitOptions, type InitResult, initWorkspace } from './init.js';
export { parseInput, readInputFile } from './input-file.js';
export {
  type ExtensionRequest,
  ExtensionSchema,
  type OverrideRequest,
  type ProposalRequest,
  ProposalSchema,
  type RequirementRequest,
  RequirementSchema,
  type ScenarioRequest,
  type SpecRequest,
  SpecSchema,
  type StandardRequest,
  StandardSchema,
} from './inputs.js';
export { type IssueStateResult, setIssueState } from './issue-state.js';
export { type ListResult, listDocs } from './list.js';
export {
  contextLines,
  type NextIssueResult,
  nextIssue,
  type PlanResult,
  planRepo,
  planTable,
} from './plan/index.js';
export { keepPlanTrue, type UpkeepResult } from './plan-upkeep.js';
export { type ProposeOptions, propose } from './propose.js';
export { type PrMergeResult, type PrReadyResult, prMerge, prReady } from './pull-request.js';
export { type RenumberResult, renumber } from './renumber.js';
export { addRequirement } from './requirement-add.js';
export { requirementRef, type ShowResult, showDoc } from './show.js';
export { createSpec, proposalGate, type SpecOptions, type SpecResult } from './spec.js';
export { createStandard } from './standard.js';
export { changeStatus, StatusRequestSchema, type StatusResult, TRANSITIONS } from './status.js';
export { type SyncResult, syncImplementation } from './sync.js';
export { type TraceDocResult, traceDoc } from './trace.js';
export { formatWork, type WorkTrace } from './trace-work.js';
export { unknownValue } from './unknown-value.js';
export { type ValidateRequest, type ValidateResult, validate } from './validate.js';

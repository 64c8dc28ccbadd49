// The shapes the API answers with, as the server defines them (type-only: nothing of src/ is bundled).

export type { WorkRow } from '../../src/app/execution/index.js';
export type {
  EventView,
  GateView,
  RunSummary,
  RunView,
  StepState,
  TemplateSummary,
} from '../../src/app/ops/index.js';
export type { VerifyResult as AuditResult } from '../../src/domain/execution/index.js';

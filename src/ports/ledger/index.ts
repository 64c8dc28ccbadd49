export { type GitOutcome, gitOk, gitRun, hideUserInfo } from './git-run.js';
export {
  GitLedger,
  type LedgerChange,
  type LedgerTarget,
  type LedgerView,
  type Transacted,
} from './ledger.js';

// The app kernel: what every use-case folder (app/workflow, app/governance, and later app/execution)
// shares, so that they import it and never each other. Here: the app context and its paths, the notes
// a use case gives its face, opening the forge and the store, the workspace lock, and the results kept
// between runs. Two parts that load more have an index of their own: write/ (writing a document,
// checked first: the lint rules) and implementing/ (an implementing repository's spec and the runbook
// gate: the plan model and governance). The CLI's lazy loaders (faces/cli/lazy.ts) name files, so a
// verb loads only the parts it runs.
export { branchFor, requirementName } from './branch.js';
export {
  type ChecksListResult,
  type CheckTarget,
  listCiChecks,
  type ResolvedTarget,
  resolveCheckTarget,
} from './ci-checks.js';
export {
  type App,
  defaultAuthors,
  type Findable,
  FOLDERS,
  findDoc,
  loadAll,
  loadSome,
  newDocPath,
  newDocPathFor,
  nextId,
  nextNumber,
  openApp,
  relLink,
  requireWorkspace,
} from './context.js';
export { docsLockPath, docsWaitMs, withDocsLock } from './doc-lock.js';
export {
  type DocsStamp,
  keep,
  type MemoForm,
  type MemoName,
  memoEnabled,
  memoized,
  recall,
  stampDocs,
} from './docs-memo.js';
export {
  etagFile,
  keptForgeReads,
  type OpenForge,
  openForge,
  openGitHubForge,
  storeWaitMs,
  withForge,
} from './forge.js';
export { type LentStore, lendStore } from './lent-store.js';
export { mergeLockPath, mergeWaitMs, withMergeLock } from './merge-lock.js';
export { isWait, type Note, noteText, type OnNote } from './notes.js';
export { checkDocsRoot, checkNewDocPath, insideApp, scopeOf, shownPath } from './paths.js';
export { type StoreWatch, type WorkStore, watchStore, withDb, withStore } from './store.js';
export { actorOf, whoAmI } from './who.js';

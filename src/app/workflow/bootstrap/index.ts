export { type BootstrapOptions, type BootstrapResult, bootstrap, updateBranch } from './bootstrap.js';
export { type ScaffoldFile, scaffoldFiles } from './scaffold.js';
export { type StandardChoice, selectStandards } from './select-standards.js';

export { bootstrap } from './bootstrap.js';
export { bootstrapGitHub } from './github.js';
export { type BootstrapOptions, type BootstrapResult, updateBranch } from './prepare.js';
export { type ScaffoldFile, scaffoldFiles } from './scaffold.js';
export { type StandardChoice, selectStandards } from './select-standards.js';

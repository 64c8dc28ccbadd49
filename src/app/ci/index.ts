// `ci` use cases: the executors' workflow for GitHub Actions.
export { type CiInitArgs, type CiInitResult, ciInit } from './init.js';

// What `papertrail ci init` writes: the executors' GitHub Actions workflow, and whose a file there is.
export { cronProblem } from './cron.js';
export * from './executors-workflow.js';

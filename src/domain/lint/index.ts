export * from './catalog.js';
export * from './report/index.js';
export * from './run.js';

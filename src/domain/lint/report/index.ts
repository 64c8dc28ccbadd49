export * from './json.js';
export * from './sarif.js';
export * from './text.js';

export * from './atomic-write.js';
export * from './config.js';
export * from './errors.js';
export * from './inside.js';
export * from './read-text.js';
export * from './schema-error.js';
export * from './slug.js';
export * from './yaml-input.js';

export * from './edit.js';
export * from './ids.js';
export * from './load.js';
export * from './mentions.js';
export * from './model.js';
export * from './parse-doc.js';
export * from './parse-requirements.js';
export * from './render.js';

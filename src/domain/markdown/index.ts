export { DATE, NOT_STRINGS } from '../../base/index.js';
export * from './frontmatter.js';
export * from './scan.js';

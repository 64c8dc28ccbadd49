export { DATE, NOT_STRINGS } from './fast-yaml.js';
export * from './frontmatter.js';
export * from './scan.js';

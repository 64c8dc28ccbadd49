export * from './frontmatter.js';
export * from './scan.js';

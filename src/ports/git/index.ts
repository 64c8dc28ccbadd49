export { Git, type GitIdentity } from './git.js';

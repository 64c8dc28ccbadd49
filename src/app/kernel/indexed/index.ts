// The per-file index of the workspace's documents (their summaries and own findings), beside the
// kernel's index rather than in it: it loads the rules about one document, which a verb that
// reads one document (show) does not need.
export { type IndexedDocs, indexDocs } from './docs-index.js';

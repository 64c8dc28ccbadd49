// Writing a document: checked against the whole workspace first (the lint bridge), and created the
// one way every create verb creates one. Beside the kernel's index rather than in it, so that what
// only reads (validate, list, show, graph) does not load the rules to check a write with.
export { createDocument, type NewDocument, refuseDuplicateTitle, similarTitles } from './create-doc.js';
export { lintDocs, parseDocForLint } from './lint-bridge.js';
export { checkThenWrite, type WriteBase, type Written, writeBaseOf } from './write-doc.js';

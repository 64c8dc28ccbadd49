export type { Rule, RuleContext } from './context.js';
export { frontmatterRules } from './frontmatter.js';
export { linkRules } from './links.js';
export { referenceRules } from './references.js';
export { requirementRules } from './requirements.js';
export { statusRules } from './status.js';
export { idRules, structureRules } from './structure.js';

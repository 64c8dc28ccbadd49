export type { CrossRule, CrossRuleContext, DocRule, DocRuleContext } from './context.js';
export { frontmatterRules } from './frontmatter.js';
export { idRules } from './ids.js';
export { linkRules } from './links.js';
export { referenceRules } from './references.js';
export { requirementRules } from './requirements.js';
export { statusAcrossRules, statusRules } from './status.js';
export { structureRules } from './structure.js';

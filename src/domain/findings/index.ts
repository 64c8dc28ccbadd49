// What every domain folder reports in (documents, lint rules, OpenSpec trees, the governance panel):
// a finding and a rule's description. It sits below them all, so naming a finding makes no folder
// depend on another.
export * from './finding.js';
export * from './rule-info.js';

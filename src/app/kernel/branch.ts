import { slugify } from '../../base/index.js';

/** A requirement issue's name without what plan adds to its title (`[REQ] `, `(overrides …)`). */
export const requirementName = (title: string) =>
  title.replace(/^\[REQ\]\s*/, '').replace(/\s*\(overrides .*\)$/, '');

/**
 * The branch an issue is implemented on, shared by implement and the execution engine's handoff.
 * Branch names stay ASCII (the issue number identifies them), whatever script the title is in.
 */
export const branchFor = (n: number, name: string) =>
  `implement/issue-${n}-${
    slugify(name, 40)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'work'
  }`;

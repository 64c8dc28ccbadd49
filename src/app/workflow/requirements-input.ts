import { PtError } from '../../base/index.js';
import { type Doc, type IdScheme, type RequirementInput, requirementId } from '../../domain/docs/index.js';
import type { OverrideRequest, RequirementRequest } from './inputs.js';

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Turns requests into render input with fresh IDs, checking names are unique and dependencies resolve. */
export function toRequirementInputs(
  reqs: (RequirementRequest | OverrideRequest)[],
  scheme: IdScheme,
  opts: { firstNumber: number; existing?: Doc[]; baseSpec?: string; known?: Set<string> },
): RequirementInput[] {
  const names = new Set<string>(opts.known ?? []);
  const existingNames = new Set<string>();
  const existingIds = new Set<string>();
  for (const d of opts.existing ?? []) {
    for (const r of d.requirements) {
      existingNames.add(norm(r.name));
      if (r.localId) {
        existingIds.add(r.localId);
        existingIds.add(`${d.id}/${r.localId}`);
      }
    }
  }
  reqs.forEach((r, i) => {
    const k = norm(r.name);
    if (names.has(k)) {
      throw new PtError('requirement/duplicate-name', `Requirement "${r.name}" is given twice`, {
        hint: 'Requirement names must be unique within a document.',
        exit: 2,
        location: { file: `requirements[${i}]` },
      });
    }
    names.add(k);
  });
  let n = opts.firstNumber;
  return reqs.map((r) => {
    for (const dep of r.depends_on) {
      const ok =
        names.has(norm(dep)) ||
        existingNames.has(norm(dep)) ||
        existingIds.has(dep) ||
        scheme.requirementFull.test(dep) ||
        /\(from\s+\S+\)$/i.test(dep);
      if (!ok) {
        throw new PtError(
          'ref/broken',
          `Requirement "${r.name}" depends on "${dep}", which is not a requirement here`,
          {
            hint: `Known requirements: ${[...names].join(', ') || 'none'}. Use a name, a local ID (REQ-001) or a full ID (SPEC-0002/REQ-001).`,
            exit: 2,
          },
        );
      }
    }
    const replaces =
      'replaces' in r ? { name: r.replaces, from: opts.baseSpec ?? '', reason: r.reason } : undefined;
    return {
      name: r.name,
      statement: r.statement,
      dependsOn: r.depends_on,
      id: requirementId(n++, scheme.prefixes),
      scenarios: r.scenarios.map((s) => ({ name: s.name, given: s.given, when: s.when, then: s.then })),
      ...(replaces ? { replaces } : {}),
    };
  });
}

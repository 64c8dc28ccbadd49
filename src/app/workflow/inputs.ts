// Input schemas shared by flags, --from files and the interview: one definition of what a valid
// proposal, spec, extension, standard or requirement request is. Valibot rather than zod: the same
// checks bundle to a few kilobytes instead of ~750 KB, which every CLI start would pay to load.
import * as v from 'valibot';

const text = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const optionalText = v.optional(v.pipe(v.string(), v.trim()));
const list = v.optional(v.array(text), []);
/** A step may be one line or several (the extra lines become AND). */
const steps = v.union(
  [
    v.pipe(
      text,
      v.transform((s) => [s]),
    ),
    v.pipe(v.array(text), v.minLength(1, 'needs at least one line')),
  ],
  'must be a line or a list of lines',
);
/** Preconditions may be left out: valibot checks a default too, so an empty list must pass. */
const givenSteps = v.union(
  [
    v.pipe(
      text,
      v.transform((s) => [s]),
    ),
    v.array(text),
  ],
  'must be a line or a list of lines',
);
const oneLine = v.pipe(
  text,
  v.check((s) => !s.includes('\n'), 'must be one line'),
);
const repo = v.pipe(v.string(), v.regex(/^[\w.-]+\/[\w.-]+$/, 'is written ORG/REPO'));

export const ScenarioSchema = v.strictObject({
  name: oneLine,
  given: v.optional(givenSteps, []),
  when: steps,
  then: steps,
});

const requirementEntries = {
  name: oneLine,
  statement: v.pipe(
    text,
    v.check(
      (s) => /\b(SHALL|MUST)\b/.test(s),
      'must contain SHALL or MUST (upper case), e.g. "The system SHALL …"',
    ),
  ),
  scenarios: v.pipe(v.array(ScenarioSchema), v.minLength(1, 'needs at least one scenario')),
  depends_on: list,
};

export const RequirementSchema = v.strictObject(requirementEntries);

export const OverrideSchema = v.strictObject({ ...requirementEntries, replaces: text, reason: optionalText });

export const ImplementationSchema = v.union(
  [
    v.pipe(
      repo,
      v.transform((r) => ({
        repo: r,
        status: 'planned' as 'planned' | 'in-progress' | 'complete',
        link: undefined as string | undefined,
      })),
    ),
    v.strictObject({
      repo,
      status: v.optional(v.picklist(['planned', 'in-progress', 'complete']), 'planned'),
      link: v.optional(v.string()),
    }),
  ],
  'is "org/repo" or {repo, status, link}',
);

const people = v.optional(v.array(text));

export const ProposalSchema = v.strictObject({
  title: oneLine,
  slug: v.optional(v.string()),
  problem: text,
  goals: v.pipe(v.array(text), v.minLength(1, 'needs at least one goal')),
  non_goals: list,
  background: v.optional(v.string()),
  options: v.optional(
    v.array(v.strictObject({ title: oneLine, description: v.optional(v.string()), pros: list, cons: list })),
    [],
  ),
  recommendation: text,
  authors: people,
  reviewers: people,
});

export const SpecSchema = v.strictObject({
  proposal: v.optional(v.string()),
  title: v.optional(oneLine),
  slug: v.optional(v.string()),
  overview: v.optional(v.string()),
  implementations: v.optional(v.array(ImplementationSchema), []),
  depends_on: list,
  requirements: v.pipe(v.array(RequirementSchema), v.minLength(1, 'needs at least one requirement')),
  authors: people,
  reviewers: people,
});

export const ExtensionSchema = v.pipe(
  v.strictObject({
    extends: v.optional(v.string()),
    implements: v.optional(v.string()),
    title: oneLine,
    slug: v.optional(v.string()),
    overview: v.optional(v.string()),
    added: v.optional(v.array(RequirementSchema), []),
    overrides: v.optional(v.array(OverrideSchema), []),
    authors: people,
    reviewers: people,
  }),
  v.forward(
    v.check(
      (e) => e.added.length + e.overrides.length > 0,
      'needs at least one added or overriding requirement',
    ),
    ['added'],
  ),
);

export const StandardSchema = v.strictObject({
  title: oneLine,
  slug: v.optional(v.string()),
  applies_to: v.optional(text, 'all'),
  overview: text,
  scope: v.optional(v.strictObject({ includes: list, excludes: list }), { includes: [], excludes: [] }),
  rules: v.optional(v.array(v.strictObject({ category: oneLine, must: list, should: list, may: list })), []),
  gitignore: list,
  scaffold: v.optional(
    v.strictObject({
      directories: list,
      files: v.optional(v.array(v.strictObject({ path: text, content: v.string() })), []),
    }),
  ),
  enforcement: v.optional(v.string()),
  authors: people,
  reviewers: people,
});

export type ProposalRequest = v.InferOutput<typeof ProposalSchema>;
export type SpecRequest = v.InferOutput<typeof SpecSchema>;
export type ExtensionRequest = v.InferOutput<typeof ExtensionSchema>;
export type StandardRequest = v.InferOutput<typeof StandardSchema>;
export type RequirementRequest = v.InferOutput<typeof RequirementSchema>;
export type OverrideRequest = v.InferOutput<typeof OverrideSchema>;
export type ScenarioRequest = v.InferOutput<typeof ScenarioSchema>;
export type RequestSchema = v.GenericSchema<unknown, unknown>;

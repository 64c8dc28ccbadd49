// Input schemas shared by flags, --from files and the interview: one definition of what a valid
// proposal, spec, extension, standard or requirement request is.
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
const list = z.array(text).default([]);
/** A step may be one line or several (the extra lines become AND). */
const steps = z.union([text.transform((s) => [s]), z.array(text).min(1)]);

export const ScenarioSchema = z
  .object({
    name: text,
    given: steps.optional().default([]),
    when: steps,
    then: steps,
  })
  .strict();

export const RequirementSchema = z
  .object({
    name: text.refine((s) => !s.includes('\n'), 'must be one line'),
    statement: text.refine(
      (s) => /\b(SHALL|MUST)\b/.test(s),
      'must contain SHALL or MUST (upper case), e.g. "The system SHALL …"',
    ),
    scenarios: z.array(ScenarioSchema).min(1, 'needs at least one scenario'),
    depends_on: list,
  })
  .strict();

export const OverrideSchema = RequirementSchema.extend({
  replaces: text,
  reason: z.string().trim().optional(),
}).strict();

export const ImplementationSchema = z.union([
  z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'is written ORG/REPO')
    .transform((repo) => ({ repo, status: 'planned' as const })),
  z
    .object({
      repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'is written ORG/REPO'),
      status: z.enum(['planned', 'in-progress', 'complete']).default('planned'),
      link: z.string().optional(),
    })
    .strict(),
]);

const people = z.array(text).optional();

export const ProposalSchema = z
  .object({
    title: text,
    slug: z.string().optional(),
    problem: text,
    goals: z.array(text).min(1, 'needs at least one goal'),
    non_goals: list,
    background: z.string().optional(),
    options: z
      .array(z.object({ title: text, description: z.string().optional(), pros: list, cons: list }).strict())
      .default([]),
    recommendation: text,
    authors: people,
    reviewers: people,
  })
  .strict();

export const SpecSchema = z
  .object({
    proposal: z.string().optional(),
    title: text.optional(),
    slug: z.string().optional(),
    overview: z.string().optional(),
    implementations: z.array(ImplementationSchema).default([]),
    depends_on: list,
    requirements: z.array(RequirementSchema).min(1, 'needs at least one requirement'),
    authors: people,
    reviewers: people,
  })
  .strict();

export const ExtensionSchema = z
  .object({
    extends: z.string().optional(),
    implements: z.string().optional(),
    title: text,
    slug: z.string().optional(),
    overview: z.string().optional(),
    added: z.array(RequirementSchema).default([]),
    overrides: z.array(OverrideSchema).default([]),
    authors: people,
    reviewers: people,
  })
  .strict()
  .refine((e) => e.added.length + e.overrides.length > 0, {
    message: 'needs at least one added or overriding requirement',
    path: ['added'],
  });

export const StandardSchema = z
  .object({
    title: text,
    slug: z.string().optional(),
    applies_to: text.default('all'),
    overview: text,
    scope: z.object({ includes: list, excludes: list }).strict().default({ includes: [], excludes: [] }),
    rules: z.array(z.object({ category: text, must: list, should: list, may: list }).strict()).default([]),
    gitignore: list,
    scaffold: z
      .object({
        directories: list,
        files: z.array(z.object({ path: text, content: z.string() }).strict()).default([]),
      })
      .strict()
      .optional(),
    enforcement: z.string().optional(),
    authors: people,
    reviewers: people,
  })
  .strict();

export type ProposalRequest = z.infer<typeof ProposalSchema>;
export type SpecRequest = z.infer<typeof SpecSchema>;
export type ExtensionRequest = z.infer<typeof ExtensionSchema>;
export type StandardRequest = z.infer<typeof StandardSchema>;
export type RequirementRequest = z.infer<typeof RequirementSchema>;
export type OverrideRequest = z.infer<typeof OverrideSchema>;
export type ScenarioRequest = z.infer<typeof ScenarioSchema>;

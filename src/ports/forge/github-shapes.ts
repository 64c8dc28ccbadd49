// What the GitHub forge reads from each answer, checked before it is used: a proxy's error page, a
// truncated body or an API that changed is `forge/bad-response` naming what was expected, never a
// TypeError deep in the adapter. Only the fields the adapter reads are checked; others may be anything.
import * as v from 'valibot';
import { EXIT, PtError, redactDeep, redactText } from '../../base/index.js';

const text = v.string();
const optionalText = v.nullish(v.string());

export const Label = v.looseObject({ name: text, color: optionalText, description: optionalText });

export const Issue = v.looseObject({
  id: v.number(),
  number: v.number(),
  title: text,
  body: optionalText,
  state: text,
  state_reason: optionalText,
  labels: v.array(v.union([text, v.looseObject({ name: optionalText })])),
  pull_request: v.optional(v.unknown()),
  // Read for the count of blockers only: a summary of another shape counts as none given.
  issue_dependencies_summary: v.fallback(
    v.optional(v.looseObject({ total_blocked_by: v.number() })),
    undefined,
  ),
});

export const IssueNumber = v.looseObject({ number: v.number() });

export const Pull = v.looseObject({
  number: v.number(),
  title: text,
  body: optionalText,
  head: v.looseObject({ ref: text, sha: optionalText }),
  base: v.looseObject({ ref: text }),
  draft: v.nullish(v.boolean()),
  state: text,
  merged_at: optionalText,
  merge_commit_sha: optionalText,
  html_url: optionalText,
});

export const DependabotAlert = v.looseObject({
  number: v.number(),
  html_url: text,
  dependency: v.looseObject({
    package: v.nullish(v.looseObject({ ecosystem: text, name: text })),
    manifest_path: optionalText,
    relationship: optionalText,
  }),
  security_vulnerability: v.looseObject({
    severity: text,
    first_patched_version: v.nullish(v.looseObject({ identifier: text })),
  }),
});

/** The answer of the merge API: the merge commit. */
export const MergeResult = v.looseObject({ sha: text, merged: v.boolean() });

export const CheckRun = v.looseObject({
  name: text,
  status: text,
  conclusion: optionalText,
  html_url: optionalText,
  details_url: optionalText,
  started_at: optionalText,
  completed_at: optionalText,
});

export const CombinedStatus = v.looseObject({
  total_count: v.number(),
  statuses: v.array(
    v.looseObject({
      context: text,
      state: text,
      target_url: optionalText,
      created_at: optionalText,
      updated_at: optionalText,
    }),
  ),
});

export const Sha = v.looseObject({ sha: text });
export const Ref = v.looseObject({ object: Sha });
export const Commit = v.looseObject({ tree: Sha });
export const Tree = v.looseObject({
  truncated: v.boolean(),
  tree: v.array(v.looseObject({ path: v.optional(text), type: v.optional(text), sha: v.optional(text) })),
});
export const Blob = v.looseObject({ content: text, encoding: text });
export const User = v.looseObject({ login: text });
export const Repository = v.looseObject({
  visibility: v.optional(text),
  private: v.boolean(),
  default_branch: v.optional(text),
});

const HINT =
  'A proxy or a base URL that is not GitHub answered (check GITHUB_API_URL), or GitHub had a fault; re-run later: the run resumes without duplicates.';

/** An answer that is not JSON, thrown where octokit hands it over and reported by the call that made it. */
export class NotJson extends Error {
  constructor(
    readonly data: unknown,
    readonly status: number,
  ) {
    super('GitHub answered something that is not JSON');
  }
}

/**
 * A short, single-line glimpse of what came instead, redacted before it is cut (a cut secret would
 * no longer match and leak its first half).
 */
function glimpse(data: unknown): string {
  if (data instanceof ArrayBuffer) return `${data.byteLength} bytes of binary data`;
  if (data === '') return 'an empty body';
  if (typeof data === 'string') return JSON.stringify(redactText(data).replace(/\s+/g, ' ').slice(0, 80));
  return (JSON.stringify(redactDeep(data)) ?? String(data)).slice(0, 80);
}

export function badResponse(where: string, expected: string, data: unknown, status?: number): PtError {
  return new PtError(
    'forge/bad-response',
    `GitHub's answer to ${where} is not what its API returns: expected ${expected}, got ${glimpse(data)}`,
    {
      hint: HINT,
      exit: EXIT.external,
      ...(status === undefined ? {} : { details: { status } }),
    },
  );
}

/** `data` as `schema` says, or forge/bad-response naming the first field that is not as expected. */
export function parseShape<S extends v.GenericSchema>(
  schema: S,
  data: unknown,
  where: string,
  what: string,
): v.InferOutput<S> {
  const r = v.safeParse(schema, data, { abortEarly: true });
  if (r.success) return r.output;
  const issue = r.issues[0];
  const path = v.getDotPath(issue);
  if (!path) throw badResponse(where, what, data);
  const missing = issue.received === 'undefined';
  const but = missing
    ? `it has no ${path}`
    : `${path} is ${redactText(issue.received)} where ${issue.expected ?? 'another value'} belongs`;
  throw new PtError(
    'forge/bad-response',
    `GitHub's answer to ${where} is not what its API returns: expected ${what}, but ${but}`,
    { hint: HINT, exit: EXIT.external },
  );
}

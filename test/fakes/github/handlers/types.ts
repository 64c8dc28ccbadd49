import { FakeUnimplemented, notFound } from '../errors.js';
import type { FakeState, IssueRecord, RepoRecord } from '../state.js';

export interface Ctx {
  state: FakeState;
  /** Base URL used in the URLs of response objects. */
  api: string;
  /** Path parameters, coerced to their OpenAPI types. */
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The JSON body; it has passed the operation's schema, so handlers may rely on its shape. */
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** A list to paginate with `page`/`per_page` and `Link`; replaces `body`. */
  items?: unknown[];
  /** The body around a page of `items`, for lists inside an object (`{total_count, check_runs}`). */
  wrap?: (page: unknown[]) => unknown;
  /** Page `items` with opaque `after` cursors in the `Link` header (Dependabot alerts), not page numbers. */
  cursor?: boolean;
}

export type Handler = (ctx: Ctx) => Reply;

/** Keyed by `METHOD /openapi/path/{template}`. */
export type Routes = Record<string, Handler>;

export function repoOf(ctx: Ctx): RepoRecord {
  const repo = ctx.state.repo(String(ctx.params.owner), String(ctx.params.repo));
  if (!repo) throw notFound();
  return repo;
}

export function issueOf(ctx: Ctx, repo: RepoRecord): IssueRecord {
  const issue = repo.issues[Number(ctx.params.issue_number) - 1];
  if (!issue) throw notFound();
  return issue;
}

/** Refuses query parameters the handler does not model, so a filter is never silently ignored. */
export function onlyQuery(ctx: Ctx, ...supported: string[]): void {
  const extra = Object.keys(ctx.query).filter(
    (k) => k !== 'page' && k !== 'per_page' && !supported.includes(k),
  );
  if (extra.length > 0)
    throw new FakeUnimplemented(`query parameter(s) not modelled by the fake: ${extra.join(', ')}`);
}

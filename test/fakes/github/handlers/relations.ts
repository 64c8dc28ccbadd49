// Sub-issues and "blocked by" dependencies. Both take the other issue's database `id`,
// not its number, which is the mistake these endpoints most invite.
import { GitHubError, invalid, notFound } from '../errors.js';
import { issueJson } from '../objects.js';
import type { IssueRecord, RepoRecord } from '../state.js';
import { type Ctx, issueOf, onlyQuery, type Routes, repoOf } from './types.js';

const MAX_SUB_ISSUES = 100;
const MAX_DEPENDENCIES = 50;

function byId(ctx: Ctx, repo: RepoRecord, id: number): IssueRecord {
  // The fake keeps relationships within one repository.
  const issue = ctx.state.issueById(repo, id);
  if (!issue) throw notFound();
  return issue;
}

const list = (ctx: Ctx, repo: RepoRecord, ids: number[]) =>
  ids.map((id) => issueJson(ctx.api, ctx.state, repo, ctx.state.issueById(repo, id)!));

export const relationRoutes: Routes = {
  'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues': (ctx) => {
    const repo = repoOf(ctx);
    const parent = issueOf(ctx, repo);
    const b = ctx.body as { sub_issue_id: number; replace_parent?: boolean };
    const child = byId(ctx, repo, b.sub_issue_id);
    if (child.id === parent.id)
      throw invalid('Issue', 'sub_issue_id', 'invalid', 'An issue cannot be its own sub-issue');
    if (child.pull) throw invalid('Issue', 'sub_issue_id', 'invalid', 'A pull request cannot be a sub-issue');
    if (parent.subIssueIds.includes(child.id)) throw invalid('Issue', 'sub_issue_id', 'already_exists');
    if (child.parentId !== null && !b.replace_parent) {
      throw invalid(
        'Issue',
        'sub_issue_id',
        'invalid',
        'Issue may not contain duplicate sub-issues / already has a parent',
      );
    }
    if (parent.subIssueIds.length >= MAX_SUB_ISSUES) {
      throw invalid(
        'Issue',
        'sub_issue_id',
        'invalid',
        `Parent issue cannot have more than ${MAX_SUB_ISSUES} sub-issues`,
      );
    }
    if (child.parentId !== null) {
      const old = ctx.state.issueById(repo, child.parentId);
      if (old) old.subIssueIds = old.subIssueIds.filter((id) => id !== child.id);
    }
    child.parentId = parent.id;
    parent.subIssueIds.push(child.id);
    return { status: 201, body: issueJson(ctx.api, ctx.state, repo, parent) };
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues': (ctx) => {
    onlyQuery(ctx);
    const repo = repoOf(ctx);
    return { status: 200, items: list(ctx, repo, issueOf(ctx, repo).subIssueIds) };
  },
  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue': (ctx) => {
    const repo = repoOf(ctx);
    const parent = issueOf(ctx, repo);
    const child = byId(ctx, repo, (ctx.body as { sub_issue_id: number }).sub_issue_id);
    if (child.parentId !== parent.id) throw notFound();
    child.parentId = null;
    parent.subIssueIds = parent.subIssueIds.filter((id) => id !== child.id);
    return { status: 200, body: issueJson(ctx.api, ctx.state, repo, child) };
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/parent': (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    if (issue.parentId === null) throw notFound();
    return { status: 200, body: issueJson(ctx.api, ctx.state, repo, byId(ctx, repo, issue.parentId)) };
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by': (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const blocker = byId(ctx, repo, (ctx.body as { issue_id: number }).issue_id);
    if (blocker.id === issue.id)
      throw invalid('IssueDependency', 'issue_id', 'invalid', 'An issue cannot block itself');
    if (blocker.pull)
      throw invalid('IssueDependency', 'issue_id', 'invalid', 'A pull request cannot block an issue');
    if (issue.blockedByIds.includes(blocker.id))
      throw invalid('IssueDependency', 'issue_id', 'already_exists');
    if (issue.blockedByIds.length >= MAX_DEPENDENCIES) {
      throw invalid(
        'IssueDependency',
        'issue_id',
        'invalid',
        `An issue cannot be blocked by more than ${MAX_DEPENDENCIES} issues`,
      );
    }
    if (repo.issues.filter((i) => i.blockedByIds.includes(blocker.id)).length >= MAX_DEPENDENCIES) {
      throw invalid(
        'IssueDependency',
        'issue_id',
        'invalid',
        `An issue cannot block more than ${MAX_DEPENDENCIES} issues`,
      );
    }
    issue.blockedByIds.push(blocker.id);
    return { status: 201, body: issueJson(ctx.api, ctx.state, repo, blocker) };
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by': (ctx) => {
    onlyQuery(ctx);
    const repo = repoOf(ctx);
    return { status: 200, items: list(ctx, repo, issueOf(ctx, repo).blockedByIds) };
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking': (ctx) => {
    onlyQuery(ctx);
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const ids = repo.issues.filter((i) => i.blockedByIds.includes(issue.id)).map((i) => i.id);
    return { status: 200, items: list(ctx, repo, ids) };
  },
  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}': (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const id = Number(ctx.params.issue_id);
    if (!issue.blockedByIds.includes(id)) throw new GitHubError(404, 'Not Found');
    issue.blockedByIds = issue.blockedByIds.filter((b) => b !== id);
    return { status: 200, body: issueJson(ctx.api, ctx.state, repo, byId(ctx, repo, id)) };
  },
};

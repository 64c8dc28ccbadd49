import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { markerOf } from '../../domain/plan/index.js';
import type { ForgePort } from '../../ports/forge/index.js';
import { Git } from '../../ports/git/index.js';
import type { App } from '../kernel/index.js';

export interface WorkTrace {
  requirement: string;
  issue: { number: number; title: string; state: string; stateReason: string | null } | null;
  branch: { name: string; exists: boolean } | null;
  pullRequests: {
    number: number;
    title: string;
    head: string;
    draft: boolean;
    state: string;
    merged: boolean;
  }[];
}

/** Whether this workspace is an implementing repository with a forge to ask. */
export function hasWork(app: App): boolean {
  return existsSync(join(app.ws.root, '.github', 'spec', 'spec.md')) && !!app.ws.config.repo;
}

/**
 * Requirement → issue (by the plan's marker) → branch `implement/issue-N-…` → pull requests whose
 * head is that branch or whose body resolves the issue → their state.
 */
export async function traceWork(
  app: App,
  forge: ForgePort,
  specId: string,
  requirementIds: string[],
): Promise<WorkTrace[]> {
  const issues = await forge.listIssues({ label: `spec:${specId}` });
  const prs = await forge.listPullRequests();
  const git = new Git(app.ws.root);
  const branches = git.isRepo()
    ? git
        .run(['for-each-ref', '--format=%(refname:short)', 'refs/heads/implement/'], { allowFail: true })
        .split('\n')
        .filter(Boolean)
    : [];
  return requirementIds.map((id) => {
    const issue = issues.find((i) => markerOf(i.body) === id) ?? null;
    const prefix = issue ? `implement/issue-${issue.number}-` : null;
    const branch = prefix ? (branches.find((b) => b.startsWith(prefix)) ?? null) : null;
    const related = issue
      ? prs.filter(
          (p) => (branch && p.head === branch) || new RegExp(`\\bResolves #${issue.number}\\b`).test(p.body),
        )
      : [];
    return {
      requirement: id,
      issue: issue
        ? { number: issue.number, title: issue.title, state: issue.state, stateReason: issue.stateReason }
        : null,
      branch: branch ? { name: branch, exists: true } : null,
      pullRequests: related.map((p) => ({
        number: p.number,
        title: p.title,
        head: p.head,
        draft: p.draft,
        state: p.state,
        merged: !!p.merged,
      })),
    };
  });
}

export function formatWork(w: WorkTrace[]): string {
  const lines = ['work'];
  w.forEach((x, i) => {
    const last = i === w.length - 1;
    const pr = x.pullRequests
      .map(
        (p) => `PR #${p.number} ${p.merged ? 'merged' : p.draft && p.state === 'open' ? 'draft' : p.state}`,
      )
      .join(', ');
    const issue = x.issue
      ? `#${x.issue.number} ${x.issue.state}${x.issue.stateReason === 'not_planned' ? ' (superseded)' : ''}`
      : 'no issue yet (papertrail plan)';
    lines.push(
      `${last ? '└─' : '├─'} ${x.requirement} → ${issue}${x.branch ? ` → ${x.branch.name}` : ''}${pr ? ` → ${pr}` : ''}`,
    );
  });
  return lines.join('\n');
}

// Builds response objects in the shapes the OpenAPI description requires (every
// required field present, URLs absolute), from the fake's records.
import type { CommentRecord, FakeState, IssueRecord, LabelRecord, RepoRecord } from './state.js';

const HTML = 'https://github.com';

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`0:${id}`).toString('base64url')}`;
}

export function userJson(api: string, login: string, id: number, type: 'User' | 'Organization' = 'User') {
  const u = `${api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId(type === 'User' ? 'U' : 'O', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    gravatar_id: '',
    url: u,
    html_url: `${HTML}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type,
    site_admin: false,
  };
}

export function privateUserJson(api: string, state: FakeState) {
  const ts = '2020-01-01T00:00:00Z';
  return {
    ...userJson(api, state.login, state.userId),
    name: state.login,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: ts,
    updated_at: ts,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

const REPO_URLS: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
};

export function repoJson(api: string, repo: RepoRecord) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${api}/repos/${full}`;
  const urls = Object.fromEntries(Object.entries(REPO_URLS).map(([k, v]) => [k, url + v]));
  const openIssues = repo.issues.filter((i) => i.state === 'open').length;
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: full,
    owner: userJson(api, repo.owner, repo.ownerType === 'User' ? 1 : 2, repo.ownerType),
    private: repo.visibility !== 'public',
    visibility: repo.visibility,
    html_url: `${HTML}/${full}`,
    description: repo.description,
    fork: false,
    url,
    ...urls,
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    clone_url: `${HTML}/${full}.git`,
    svn_url: `${HTML}/${full}`,
    mirror_url: null,
    homepage: repo.homepage,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.default_branch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: repo.has_issues,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: repo.updated_at,
    created_at: repo.created_at,
    updated_at: repo.updated_at,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    network_count: 0,
    subscribers_count: 0,
  };
}

export function labelJson(api: string, repo: RepoRecord, label: LabelRecord) {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

export function issueJson(api: string, state: FakeState, repo: RepoRecord, issue: IssueRecord) {
  const repoUrl = `${api}/repos/${repo.owner}/${repo.name}`;
  const url = `${repoUrl}/issues/${issue.number}`;
  const html = `${HTML}/${repo.owner}/${repo.name}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
  const children = issue.subIssueIds.map((id) => state.issueById(repo, id)!);
  const completed = children.filter((c) => c.state === 'closed').length;
  const blockedBy = issue.blockedByIds.map((id) => state.issueById(repo, id)!);
  const blocking = repo.issues.filter((i) => i.blockedByIds.includes(issue.id));
  return {
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PR' : 'I', issue.id),
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: userJson(api, state.login, state.userId),
    labels: issue.labels.map((name) => labelJson(api, repo, repo.labels.get(name.toLowerCase())!)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    author_association: 'OWNER',
    ...(issue.pull
      ? {
          draft: issue.pull.draft,
          pull_request: {
            url: `${repoUrl}/pulls/${issue.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: null,
          },
        }
      : {}),
    sub_issues_summary: {
      total: children.length,
      completed,
      percent_completed: children.length === 0 ? 0 : Math.floor((completed * 100) / children.length),
    },
    issue_dependencies_summary: {
      blocked_by: blockedBy.filter((b) => b.state === 'open').length,
      blocking: blocking.filter((b) => b.state === 'open').length,
      total_blocked_by: blockedBy.length,
      total_blocking: blocking.length,
    },
  };
}

export function commentJson(
  api: string,
  state: FakeState,
  repo: RepoRecord,
  issue: IssueRecord,
  c: CommentRecord,
) {
  const repoUrl = `${api}/repos/${repo.owner}/${repo.name}`;
  return {
    id: c.id,
    node_id: nodeId('IC', c.id),
    url: `${repoUrl}/issues/comments/${c.id}`,
    html_url: `${HTML}/${repo.owner}/${repo.name}/issues/${issue.number}#issuecomment-${c.id}`,
    issue_url: `${repoUrl}/issues/${issue.number}`,
    body: c.body,
    user: userJson(api, state.login, state.userId),
    created_at: c.created_at,
    updated_at: c.created_at,
    author_association: 'OWNER',
  };
}

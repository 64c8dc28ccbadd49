import { sqlMigration } from './sql-migration.js';

// The local forge (issue 3 item 2): repos, issues, PRs, labels, dependencies, sub-issues, comments.
// Issues and PRs share one number sequence per repo, as on GitHub (forge_counters, see numbers.ts), and every
// issue, PR and comment gets a global id from forge_object_id_seq, like GitHub's REST `id`.
export default sqlMigration(1, 'forge', [
  `create sequence forge_object_id_seq`,

  `create table forge_repos (
    id bigint primary key default nextval('forge_object_id_seq'),
    owner text not null check (owner <> ''),
    name text not null check (name <> ''),
    default_branch text not null default 'main' check (default_branch <> ''),
    visibility text not null default 'private' check (visibility in ('public', 'private', 'internal')),
    description text,
    created_at timestamptz not null default now()
  )`,
  `create unique index forge_repos_owner_name on forge_repos (lower(owner), lower(name))`,

  `create table forge_counters (
    repo_id bigint primary key references forge_repos (id) on delete cascade,
    last_number integer not null check (last_number > 0)
  )`,

  `create table forge_issues (
    repo_id bigint not null references forge_repos (id) on delete cascade,
    number integer not null check (number > 0),
    id bigint not null unique default nextval('forge_object_id_seq'),
    title text not null check (title <> ''),
    body text not null default '',
    state text not null default 'open' check (state in ('open', 'closed')),
    state_reason text check (state_reason in ('completed', 'not_planned', 'reopened', 'duplicate')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    closed_at timestamptz,
    primary key (repo_id, number),
    check ((state = 'closed') = (closed_at is not null))
  )`,

  `create table forge_prs (
    repo_id bigint not null references forge_repos (id) on delete cascade,
    number integer not null check (number > 0),
    id bigint not null unique default nextval('forge_object_id_seq'),
    head text not null check (head <> ''),
    base text not null check (base <> ''),
    title text not null check (title <> ''),
    body text not null default '',
    draft boolean not null default false,
    state text not null default 'open' check (state in ('open', 'closed')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    closed_at timestamptz,
    merged_at timestamptz,
    primary key (repo_id, number),
    check (head <> base),
    check ((state = 'closed') = (closed_at is not null)),
    check (merged_at is null or state = 'closed')
  )`,
  `create index forge_prs_head on forge_prs (repo_id, head)`,

  `create table forge_labels (
    id bigint primary key default nextval('forge_object_id_seq'),
    repo_id bigint not null references forge_repos (id) on delete cascade,
    name text not null check (name <> ''),
    color text not null default 'ededed' check (color ~ '^[0-9a-fA-F]{6}$'),
    description text
  )`,
  `create unique index forge_labels_repo_name on forge_labels (repo_id, lower(name))`,

  `create table forge_issue_labels (
    repo_id bigint not null,
    issue_number integer not null,
    label_id bigint not null references forge_labels (id) on delete cascade,
    primary key (repo_id, issue_number, label_id),
    foreign key (repo_id, issue_number) references forge_issues (repo_id, number) on delete cascade
  )`,

  `create table forge_dependencies (
    repo_id bigint not null,
    issue_number integer not null,
    blocked_by_number integer not null,
    primary key (repo_id, issue_number, blocked_by_number),
    check (issue_number <> blocked_by_number),
    foreign key (repo_id, issue_number) references forge_issues (repo_id, number) on delete cascade,
    foreign key (repo_id, blocked_by_number) references forge_issues (repo_id, number) on delete cascade
  )`,
  `create index forge_dependencies_blocker on forge_dependencies (repo_id, blocked_by_number)`,

  // The primary key on the child is what makes "at most one parent" a constraint, not a convention.
  // Position uniqueness is checked at the end of each statement so a reorder can shift many rows at once.
  `create table forge_sub_issues (
    repo_id bigint not null,
    child_number integer not null,
    parent_number integer not null,
    position integer not null check (position >= 0),
    primary key (repo_id, child_number),
    unique (repo_id, parent_number, position) deferrable initially immediate,
    check (parent_number <> child_number),
    foreign key (repo_id, parent_number) references forge_issues (repo_id, number) on delete cascade,
    foreign key (repo_id, child_number) references forge_issues (repo_id, number) on delete cascade
  )`,

  // issue_number names an issue or a PR (they share numbers), so it cannot reference one table.
  `create table forge_comments (
    id bigint primary key default nextval('forge_object_id_seq'),
    repo_id bigint not null references forge_repos (id) on delete cascade,
    issue_number integer not null check (issue_number > 0),
    body text not null check (body <> ''),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index forge_comments_issue on forge_comments (repo_id, issue_number, id)`,
]);

import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import { corrupt } from './errors.js';

/**
 * Checks that the local forge's rows agree with one another before anyone trusts them. A damaged table
 * file can read as empty without an error (Postgres takes an all-zero page for an unused one): the
 * issues would then look never planned, and a plan would create them again under new numbers.
 *
 * What gives the loss away: issue and PR numbers are handed out by forge_counters in the transaction
 * that inserts the row, and nothing deletes either, so each repository's counter equals the number of
 * its issues and PRs, which are numbered 1..counter. Links and labels name issues that must exist, and
 * every row names a repository that must exist.
 */
export async function checkForgeRecords(
  db: Kysely<Database>,
  where: string,
  kind: 'pglite' | 'postgres',
): Promise<void> {
  // One statement, so one snapshot: a plan committing meanwhile on a shared Postgres cannot fool it.
  const { rows } = await sql<{ problem: string }>`
    with numbered as (
      select repo_id, number from forge_issues
      union all
      select repo_id, number from forge_prs
    ), per_repo as (
      select repo_id, count(*)::int as n, max(number)::int as top from numbered group by repo_id
    )
    select format('repository %s counted %s issues and pull requests but has %s', repo_id, counted, n) as problem
    from (
      select coalesce(c.repo_id, p.repo_id) as repo_id, coalesce(c.last_number, 0) as counted,
        coalesce(p.n, 0) as n, coalesce(p.top, 0) as top
      from forge_counters c full join per_repo p on p.repo_id = c.repo_id
    ) x
    where counted <> n or top <> n
    union all
    (select format('%s names issue #%s, which does not exist', t, issue_number) from (
      select 'a label' as t, repo_id, issue_number from forge_issue_labels
      union all select 'a sub-issue link', repo_id, child_number from forge_sub_issues
      union all select 'a sub-issue link', repo_id, parent_number from forge_sub_issues
      union all select 'a dependency', repo_id, issue_number from forge_dependencies
      union all select 'a dependency', repo_id, blocked_by_number from forge_dependencies
    ) l where not exists (
      select 1 from forge_issues i where i.repo_id = l.repo_id and i.number = l.issue_number)
    limit 1)
    union all
    (select format('%s rows belong to repository %s, which does not exist', t, repo_id) from (
      select 'counter' as t, repo_id from forge_counters
      union all select 'label', repo_id from forge_labels
      union all select 'comment', repo_id from forge_comments
    ) r where not exists (select 1 from forge_repos f where f.id = r.repo_id)
    limit 1)
    limit 1`.execute(db);
  const problem = rows[0]?.problem;
  if (problem) throw corrupt(where, `its records disagree (${problem}), so rows have been lost`, kind);
}

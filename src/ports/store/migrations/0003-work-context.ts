import { sqlMigration } from './sql-migration.js';

// What an executor needs to start a step without asking the forge (title, requirement key, branch),
// and each work item's blockers as the plan's "blocked by" links said when it was last read: the
// schedule is computed from the store alone, so the same store gives the same schedule.
export default sqlMigration(3, 'work-context', [
  `alter table work_items
    add column title text not null default '',
    add column requirement text check (requirement <> ''),
    add column branch text check (branch <> '')`,
  `create table work_item_blockers (
    work_item_id bigint not null references work_items (id) on delete cascade,
    blocked_by_issue integer not null check (blocked_by_issue > 0),
    primary key (work_item_id, blocked_by_issue)
  )`,
]);

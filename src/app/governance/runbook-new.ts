import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PtError, writeFilesAtomic } from '../../base/index.js';
import { renderRunbook, runbookFileFor, type Story } from '../../domain/governance/index.js';
import { type App, insideApp, withDocsLock } from '../kernel/index.js';
import { issueKey } from './issue-key.js';
import { plannedChanges, repoFacts } from './repo-facts.js';
import { resolveStory, specDocs } from './story-source.js';

export interface RunbookNewArgs {
  /** STORY-ID, SPEC-0001/REQ-001, or ISSUE-2. */
  story: string;
  /** Overwrite an existing runbook (the team's edits are lost), or write one for a DRAFT story. */
  force?: boolean;
  dryRun?: boolean;
}

export interface RunbookNewResult {
  id: string;
  title: string;
  file: string;
  content: string;
  dryRun: boolean;
  story: {
    id: string;
    kind: 'story' | 'requirement';
    file: string;
    issue: number | null;
    scenarios: string[];
  };
}

/** `runbook new`: a PROPOSED runbook from the story, the spec, the standards and the repository. */
export async function runbookNew(app: App, args: RunbookNewArgs): Promise<RunbookNewResult> {
  const story: Story = await resolveStory(app, args.story, {
    issueKey: (n) => issueKey(app, n, { readOnly: !!args.dryRun }),
  });
  if (story.state === 'DRAFT' && !args.force)
    throw new PtError('runbook/story-draft', `Story ${story.id} is still DRAFT`, {
      hint: `Commit the story first (## State: COMMITTED in ${story.origin.file}), or pass --force.`,
      exit: 3,
    });
  const file = runbookFileFor(story.scope, story.stem);
  const path = join(app.ws.root, file);
  insideApp(app, path, file);
  if (existsSync(path) && !args.force)
    throw new PtError('runbook/exists', `${file} already exists`, {
      hint: `Review it (papertrail runbook review ${story.id}); --force rewrites it and loses the team's edits.`,
      location: { file },
      exit: 3,
    });
  const { docs } = specDocs(app);
  const spec = docs.find((d) => d.file === story.origin.file) ?? docs.find((d) => d.kind === 'spec') ?? null;
  const content = renderRunbook(story, plannedChanges(app.ws.root, story), repoFacts(app, spec));
  // Without --force a runbook that appeared meanwhile (another command wrote it) is never replaced.
  if (!args.dryRun)
    withDocsLock(app, () => writeFilesAtomic([{ path, content, ...(args.force ? {} : { expect: null }) }]));
  return {
    id: story.id,
    title: story.title,
    file,
    content,
    dryRun: !!args.dryRun,
    story: {
      id: story.id,
      kind: story.origin.kind,
      file: story.origin.file,
      issue: story.origin.issue ?? null,
      scenarios: story.scenarios.map((s) => s.name),
    },
  };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPtError, readText } from '../../base/index.js';
import {
  type BuiltinContext,
  findRunbook,
  issueNumber,
  parseRunbook,
  type Runbook,
  runbookNotFound,
} from '../../domain/governance/index.js';
import { type App, insideApp } from '../kernel/index.js';
import { issueKey } from './issue-key.js';
import { resolveStory } from './story-source.js';

/** A runbook by story ID, plan issue (ISSUE-2) or path; parsed, or a runbook/invalid error at its line. */
export async function openRunbook(
  app: App,
  ref: string,
  opts: { readOnly?: boolean } = {},
): Promise<{ rb: Runbook; path: string }> {
  let hit = findRunbook(app.ws.root, app.cwd, ref);
  const n = issueNumber(ref);
  if (!hit && n !== null) hit = findRunbook(app.ws.root, app.cwd, await issueKey(app, n, opts));
  if (!hit) throw runbookNotFound(app.ws.root, ref);
  // Review and accept rewrite the file they read: neither may reach one outside the workspace.
  insideApp(app, hit.path);
  return { rb: parseRunbook(readText(hit.path, hit.file), hit.file), path: hit.path };
}

/** What the built-in checks need: the story as it is now (never opening the forge) and the repository's files. */
export async function builtinContext(app: App, rb: Runbook): Promise<BuiltinContext> {
  const exists = (p: string) => existsSync(join(app.ws.root, p));
  try {
    return { story: await resolveStory(app, rb.id), exists };
  } catch (e) {
    if (!isPtError(e)) throw e;
    return { story: null, storyProblem: `the story ${rb.id} cannot be found: ${e.message}`, exists };
  }
}

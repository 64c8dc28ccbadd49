// Where stories and runbooks live under .agent/cache/, found by ID or path: shared by the governance
// verbs and by the runbook gate implement passes.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PtError } from '../../base/index.js';
import { stemOf } from './story.js';

export const STORIES_DIR = '.agent/cache/stories';
export const RUNBOOKS_DIR = '.agent/cache/runbooks';

const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

/** `ISSUE-2`, `#2` or `2`: a plan issue by number. */
export function issueNumber(ref: string): number | null {
  const m = /^(?:issue-|#)?(\d+)$/i.exec(ref.trim());
  return m ? Number(m[1]) : null;
}

function scopes(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** A story file `.agent/cache/stories/<SCOPE>/<ID>.md`, or null. */
export function findStoryFile(
  root: string,
  id: string,
): { path: string; file: string; scope: string } | null {
  const dir = join(root, STORIES_DIR);
  for (const scope of scopes(dir))
    for (const name of [`${id}.md`, `${stemOf(id)}.md`]) {
      const path = join(dir, scope, name);
      if (existsSync(path)) return { path, file: toPosix(relative(root, path)), scope };
    }
  return null;
}

export function listStories(root: string): string[] {
  const dir = join(root, STORIES_DIR);
  return scopes(dir).flatMap((s) =>
    readdirSync(join(dir, s))
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.slice(0, -3)),
  );
}

export function runbookFileFor(scope: string, stem: string): string {
  return `${RUNBOOKS_DIR}/${scope}/${stem}-runbook.md`;
}

/** The runbook of a story ID (any scope), a runbook file path, or null. */
export function findRunbook(root: string, cwd: string, ref: string): { path: string; file: string } | null {
  if (/\.md$/.test(ref)) {
    const path = isAbsolute(ref) ? ref : resolve(cwd, ref);
    return existsSync(path) && statSync(path).isFile() ? { path, file: toPosix(relative(root, path)) } : null;
  }
  const dir = join(root, RUNBOOKS_DIR);
  const name = `${stemOf(ref.trim())}-runbook.md`;
  for (const scope of scopes(dir)) {
    const path = join(dir, scope, name);
    if (existsSync(path)) return { path, file: toPosix(relative(root, path)) };
  }
  return null;
}

export function listRunbooks(root: string): string[] {
  const dir = join(root, RUNBOOKS_DIR);
  return scopes(dir).flatMap((s) =>
    readdirSync(join(dir, s))
      .filter((f) => f.endsWith('-runbook.md'))
      .map((f) => `${s}/${f}`),
  );
}

export function runbookNotFound(root: string, ref: string): PtError {
  const have = listRunbooks(root);
  return new PtError('runbook/not-found', `No runbook for ${ref} under ${RUNBOOKS_DIR}/`, {
    hint: have.length
      ? `Runbooks: ${have.slice(0, 10).join(', ')}${have.length > 10 ? ', …' : ''}. Or write one: papertrail runbook new ${ref}`
      : `Write one first: papertrail runbook new ${ref}`,
    exit: 3,
  });
}

// Where reads and writes may go: the workspace, and the docs folder papertrail.yaml names (which may
// deliberately be a link to a folder elsewhere). Reads and writes agree: documents are read without
// following links below the docs root, so none is written through one either.
import { lstatSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { insideWorkspace, isWithin, PtError, realTarget, type Scope } from '../../base/index.js';
import { toPosix } from '../../domain/docs/index.js';
import type { App } from './context.js';

export function scopeOf(app: App): Scope {
  return {
    root: app.ws.root,
    configured: app.ws.initialized ? [app.ws.docsRoot] : [],
  };
}

/** A path as the user sees it: relative to the current directory when it is below it. */
export function shownPath(app: App, path: string): string {
  const rel = relative(app.cwd, path);
  return rel && !rel.startsWith('..') ? toPosix(rel) : path;
}

/** The real path of a file to read or write, refused when it leads out of the workspace. */
export function insideApp(app: App, path: string, shown = shownPath(app, path)): string {
  return insideWorkspace(scopeOf(app), path, shown);
}

/**
 * Refuses a new document's path that the readers would not see: one that leads out of the workspace,
 * or one whose folder below the docs root is a symbolic link (documents are not read through links).
 */
export function checkNewDocPath(app: App, path: string): void {
  insideApp(app, path);
  const rel = relative(app.ws.docsRoot, dirname(path));
  if (!rel || rel.startsWith('..')) return;
  let dir = app.ws.docsRoot;
  for (const part of rel.split(sep)) {
    dir = `${dir}${sep}${part}`;
    let link = false;
    try {
      link = lstatSync(dir).isSymbolicLink();
    } catch {
      return;
    }
    if (!link) continue;
    const shown = shownPath(app, dir);
    const real = realTarget(dir);
    // Inside the workspace or not, reads skip it: writing there would hand out numbers already used.
    const where = isWithin(realTarget(app.ws.root), real)
      ? `to ${toPosix(relative(realTarget(app.ws.root), real))}`
      : `outside the workspace, to ${real}`;
    throw new PtError(
      'path/symlinked-folder',
      `${shown} is a symbolic link (${where}): documents are not read through links, so none is written through one`,
      {
        hint: `Replace ${shown} with a real folder (move the documents it holds into it), or name the folder it leads to as "docs:" in papertrail.yaml.`,
        location: { file: shown },
        exit: 3,
      },
    );
  }
}

/**
 * Refuses a docs root that leads out of the workspace when no papertrail.yaml names it: reading it
 * would read a place nobody configured.
 */
export function checkDocsRoot(app: App): void {
  if (!app.ws.initialized) insideApp(app, app.ws.docsRoot);
}

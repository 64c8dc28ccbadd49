import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { PtError } from './errors.js';

/**
 * Where `path` really leads: every symbolic link on the way resolved, including a link whose target
 * does not exist yet, and the part that does not exist kept as written (a file about to be created).
 */
export function realTarget(path: string, hops = 0): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    // Missing, or a dangling link: resolve what exists above it and go on from there.
  }
  const parent = dirname(abs);
  if (parent === abs) return abs;
  const base = join(realTarget(parent, hops), basename(abs));
  let link: string | null = null;
  try {
    if (lstatSync(base).isSymbolicLink()) link = readlinkSync(base);
  } catch {
    return base;
  }
  if (link === null) return base;
  // A loop of links never ends on its own; 40 hops is the kernel's own limit (ELOOP).
  if (hops >= 40) return base;
  return realTarget(isAbsolute(link) ? link : join(dirname(base), link), hops + 1);
}

/** True when `real` is `root` or inside it; both are real paths. */
export function isWithin(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export interface Scope {
  /** The workspace folder. */
  root: string;
  /** Other folders the workspace is configured to use (they may lie elsewhere). */
  configured?: string[];
}

/**
 * The real path of `path` when it stays inside the workspace or one of the folders it is configured
 * to use; otherwise a `path/outside-workspace` refusal naming the path and where it leads, so that no
 * read or write goes through a link (or `..`) to a place nobody configured.
 */
export function insideWorkspace(scope: Scope, path: string, shown = path): string {
  const real = realTarget(path);
  const roots = [scope.root, ...(scope.configured ?? [])].map((r) => realTarget(r));
  if (roots.some((r) => isWithin(r, real))) return real;
  const via = resolve(path) === real ? '' : ` (it leads to ${real})`;
  throw new PtError('path/outside-workspace', `${shown} is outside the workspace ${scope.root}${via}`, {
    hint: 'Papertrail reads and writes only inside the workspace and the docs folder papertrail.yaml names: use a path inside it, replace a symbolic link that leads out with a real folder, or name the folder as "docs:" in papertrail.yaml.',
    location: { file: shown },
    exit: 3,
  });
}

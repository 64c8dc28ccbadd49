import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OPENSPEC_DIR } from './walk.js';

/** The `openspec/` folder directly in `dir`, when it looks like an OpenSpec tree; no walking up. */
export function findOpenSpecRoot(dir: string): string | null {
  const root = join(dir, OPENSPEC_DIR);
  for (const marker of ['specs', 'changes', 'config.yaml', 'config.yml']) {
    if (existsSync(join(root, marker))) return root;
  }
  return null;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The project an `openspec` command run in `start` works on: the nearest folder, `start` or above,
 * whose `openspec/` holds a `specs/` or `changes/` folder or a config file. An `openspec/` folder
 * with none of them is passed over, as OpenSpec does, so a stray one does not capture the tree.
 */
export function nearestOpenSpecProject(start: string): string | null {
  let dir = resolve(start);
  if (!isDirectory(dir)) dir = dirname(dir);
  for (;;) {
    const os = join(dir, OPENSPEC_DIR);
    if (
      isDirectory(os) &&
      (isDirectory(join(os, 'specs')) ||
        isDirectory(join(os, 'changes')) ||
        existsSync(join(os, 'config.yaml')) ||
        existsSync(join(os, 'config.yml')))
    ) {
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

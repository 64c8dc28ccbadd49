import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OPENSPEC_DIR } from './walk.js';

/** The `openspec/` folder directly in `dir`, when it looks like an OpenSpec tree; no walking up. */
export function findOpenSpecRoot(dir: string): string | null {
  const root = join(dir, OPENSPEC_DIR);
  for (const marker of ['specs', 'changes', 'config.yaml', 'config.yml']) {
    if (existsSync(join(root, marker))) return root;
  }
  return null;
}

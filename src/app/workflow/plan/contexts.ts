import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Git } from '../../../ports/git/index.js';
import type { App } from '../context.js';
import { insideApp } from '../paths.js';
import { type Dependency, readDependencies } from './dependencies-file.js';

export interface ContextClone {
  spec: string;
  repo: string;
  dir: string;
  status: 'cloned' | 'present' | 'failed';
  message?: string;
}

/**
 * Shallow, read-only clones of the repositories that implement the specs this one depends on, in
 * scratchpad/contexts/<name> (git-ignored). A failed clone is reported, not fatal: the plan itself
 * does not need it, the implementer does.
 */
export function cloneContexts(
  app: App,
  opts: { dryRun?: boolean; dependencies?: Dependency[] } = {},
): ContextClone[] {
  const out: ContextClone[] = [];
  for (const d of opts.dependencies ?? readDependencies(app)) {
    const name = d.repo
      .split('/')
      .pop()!
      .replace(/[^\w.-]/g, '-');
    const dir = join('scratchpad', 'contexts', name);
    const abs = join(app.ws.root, dir);
    insideApp(app, abs, dir);
    if (existsSync(join(abs, '.git'))) {
      out.push({ spec: d.spec, repo: d.repo, dir, status: 'present' });
      continue;
    }
    if (opts.dryRun) {
      out.push({ spec: d.spec, repo: d.repo, dir, status: 'failed', message: 'dry run: not cloned' });
      continue;
    }
    try {
      new Git(app.ws.root).run(['clone', '-q', '--depth', '1', '--', d.url, dir]);
      out.push({ spec: d.spec, repo: d.repo, dir, status: 'cloned' });
    } catch (e) {
      out.push({
        spec: d.spec,
        repo: d.repo,
        dir,
        status: 'failed',
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}

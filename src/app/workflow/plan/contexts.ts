import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Git } from '../../../ports/git/index.js';
import type { App } from '../context.js';

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
export function cloneContexts(app: App, opts: { dryRun?: boolean } = {}): ContextClone[] {
  const file = join(app.ws.root, '.github', 'spec', 'dependencies.yaml');
  if (!existsSync(file)) return [];
  const data = parse(readFileSync(file, 'utf8')) as {
    dependencies?: { spec: string; repo: string; url: string }[];
  } | null;
  const out: ContextClone[] = [];
  for (const d of data?.dependencies ?? []) {
    const name = d.repo
      .split('/')
      .pop()!
      .replace(/[^\w.-]/g, '-');
    const dir = join('scratchpad', 'contexts', name);
    const abs = join(app.ws.root, dir);
    if (existsSync(join(abs, '.git'))) {
      out.push({ spec: d.spec, repo: d.repo, dir, status: 'present' });
      continue;
    }
    if (opts.dryRun) {
      out.push({ spec: d.spec, repo: d.repo, dir, status: 'failed', message: 'dry run: not cloned' });
      continue;
    }
    try {
      new Git(app.ws.root).run(['clone', '-q', '--depth', '1', d.url, dir]);
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

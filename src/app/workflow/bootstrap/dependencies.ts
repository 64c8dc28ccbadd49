import { isAbsolute, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Doc } from '../../../domain/docs/index.js';

export interface SpecDependency {
  spec: string;
  title: string;
  repo: string;
  /**
   * Where to clone it from: the implementation's `link` when it is a git location (a folder given
   * relative to the implementing repository where there is one), else GitHub.
   */
  url: string;
}

export const DEPENDENCIES_FILE = '.github/spec/dependencies.yaml';

const GIT_LOCATION = /^(https?:\/\/|git@|ssh:\/\/|file:\/\/|\.{0,2}\/)/;
/** A page on a forge's website (a pull request, an issue, a file): a `link` that is not a repository. */
const WEB_PAGE = /^https?:\/\/[^/]+\/[^/]+\/[^/]+\/(pull|pulls|issues|blob|tree|wiki|releases)(\/|$)/;
const LOCAL = /^\.{0,2}\//;
const RELATIVE = /^\.{1,2}\//;

/** `to` as a path from `from`, written so git and a person read it as a folder (`../x`, `./x`). */
export function folderFrom(from: string, to: string): string {
  const rel = relative(from, to).split('\\').join('/');
  if (isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return rel;
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

/**
 * The repositories that implement the specs this spec (or its extensions) depends on, written into
 * the implementing repository so that `plan` can clone them without the decisions workspace. A
 * relative link to a folder is relative to the decisions workspace (`root`); it is rewritten relative
 * to the implementing repository's folder (`dir`, the local forge), so that folders side by side can
 * move together. An absolute one, or any on GitHub, becomes a `file://` URL.
 */
export function specDependencies(
  spec: Doc,
  extensions: Doc[],
  all: Doc[],
  root: string,
  dir?: string,
): SpecDependency[] {
  const ids = new Set<string>();
  for (const d of [spec, ...extensions])
    for (const r of d.refs) if (r.via === 'depends_on' || r.via === 'spec-dependencies') ids.add(r.id);
  const out: SpecDependency[] = [];
  for (const id of [...ids].sort()) {
    const dep = all.find((d) => d.id === id && d.kind === 'spec');
    if (!dep) continue;
    for (const impl of dep.implementations) {
      const link = impl.link && GIT_LOCATION.test(impl.link) && !WEB_PAGE.test(impl.link) ? impl.link : null;
      let url = link ?? `https://github.com/${impl.repo}.git`;
      if (link && LOCAL.test(link)) {
        const at = resolve(root, link);
        url = dir && RELATIVE.test(link) ? folderFrom(dir, at) : `file://${at}`;
      }
      out.push({ spec: dep.id, title: dep.title ?? dep.id, repo: impl.repo, url });
    }
  }
  return out;
}

export function dependenciesYaml(deps: SpecDependency[]): string {
  return `# Written by papertrail bootstrap: what "papertrail plan" and "implement" clone into scratchpad/contexts/ (read-only) and refresh.\n# A url that is a folder (./x, ../x) is relative to this repository.\n${stringify({ dependencies: deps })}`;
}

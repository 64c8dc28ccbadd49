import { resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Doc } from '../../../domain/docs/index.js';

export interface SpecDependency {
  spec: string;
  title: string;
  repo: string;
  /** Where to clone it from: the implementation's `link` when it is a git location, else GitHub. */
  url: string;
}

export const DEPENDENCIES_FILE = '.github/spec/dependencies.yaml';

const GIT_LOCATION = /^(https?:\/\/|git@|ssh:\/\/|file:\/\/|\.{0,2}\/)/;

/**
 * The repositories that implement the specs this spec (or its extensions) depends on, written into
 * the implementing repository so that `plan` can clone them without the decisions workspace.
 */
export function specDependencies(spec: Doc, extensions: Doc[], all: Doc[], root: string): SpecDependency[] {
  const ids = new Set<string>();
  for (const d of [spec, ...extensions])
    for (const r of d.refs) if (r.via === 'depends_on' || r.via === 'spec-dependencies') ids.add(r.id);
  const out: SpecDependency[] = [];
  for (const id of [...ids].sort()) {
    const dep = all.find((d) => d.id === id && d.kind === 'spec');
    if (!dep) continue;
    for (const impl of dep.implementations) {
      // A relative link is relative to the decisions workspace, which the implementing repo cannot see.
      const link = impl.link && GIT_LOCATION.test(impl.link) ? impl.link : null;
      const local = link && /^\.{0,2}\//.test(link) ? `file://${resolve(root, link)}` : link;
      const url = local ?? `https://github.com/${impl.repo}.git`;
      out.push({ spec: dep.id, title: dep.title ?? dep.id, repo: impl.repo, url });
    }
  }
  return out;
}

export function dependenciesYaml(deps: SpecDependency[]): string {
  return `# Written by papertrail bootstrap: what "papertrail plan" clones into scratchpad/contexts/ (read-only).\n${stringify({ dependencies: deps })}`;
}

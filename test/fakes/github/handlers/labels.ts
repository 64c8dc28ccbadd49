import { invalid, notFound } from '../errors.js';
import { labelJson } from '../objects.js';
import type { LabelRecord, RepoRecord } from '../state.js';
import { type Ctx, onlyQuery, type Routes, repoOf } from './types.js';

interface LabelBody {
  name?: string;
  new_name?: string;
  color?: string;
  description?: string;
}

/** Adding an unknown label to an issue creates it, as GitHub does. */
export function ensureLabel(ctx: Ctx, repo: RepoRecord, name: string): LabelRecord {
  const key = name.toLowerCase();
  let label = repo.labels.get(key);
  if (!label) {
    label = { id: ctx.state.nextId(), name, color: 'ededed', description: null };
    repo.labels.set(key, label);
  }
  return label;
}

function checkColor(color: string | undefined): string | undefined {
  if (color === undefined) return undefined;
  const c = color.replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(c)) throw invalid('Label', 'color');
  return c.toLowerCase();
}

export const labelRoutes: Routes = {
  'GET /repos/{owner}/{repo}/labels': (ctx) => {
    onlyQuery(ctx);
    const repo = repoOf(ctx);
    return { status: 200, items: [...repo.labels.values()].map((l) => labelJson(ctx.api, repo, l)) };
  },
  'GET /repos/{owner}/{repo}/labels/{name}': (ctx) => {
    const repo = repoOf(ctx);
    const label = repo.labels.get(String(ctx.params.name).toLowerCase());
    if (!label) throw notFound();
    return { status: 200, body: labelJson(ctx.api, repo, label) };
  },
  'POST /repos/{owner}/{repo}/labels': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as LabelBody & { name: string };
    if (repo.labels.has(b.name.toLowerCase())) throw invalid('Label', 'name', 'already_exists');
    const label: LabelRecord = {
      id: ctx.state.nextId(),
      name: b.name,
      color: checkColor(b.color) ?? 'ededed',
      description: b.description ?? null,
    };
    repo.labels.set(b.name.toLowerCase(), label);
    return { status: 201, body: labelJson(ctx.api, repo, label) };
  },
  'PATCH /repos/{owner}/{repo}/labels/{name}': (ctx) => {
    const repo = repoOf(ctx);
    const key = String(ctx.params.name).toLowerCase();
    const label = repo.labels.get(key);
    if (!label) throw notFound();
    const b = ctx.body as LabelBody;
    if (b.new_name && b.new_name.toLowerCase() !== key) {
      if (repo.labels.has(b.new_name.toLowerCase())) throw invalid('Label', 'name', 'already_exists');
      repo.labels.delete(key);
      label.name = b.new_name;
      repo.labels.set(b.new_name.toLowerCase(), label);
      for (const issue of repo.issues)
        issue.labels = issue.labels.map((n) => (n.toLowerCase() === key ? label.name : n));
    }
    label.color = checkColor(b.color) ?? label.color;
    if (b.description !== undefined) label.description = b.description;
    return { status: 200, body: labelJson(ctx.api, repo, label) };
  },
};

import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isPtError, PtError, readText } from '../../base/index.js';
import {
  buildTarget,
  CONSTITUTION_PATHS,
  checkConstitution,
  type GateResult,
  loadRules,
  parseConstitution,
  RUNBOOKS_DIR,
  STORIES_DIR,
  type Target,
  type TargetKind,
} from '../../domain/governance/index.js';
import { type App, insideApp } from '../kernel/index.js';
import { specDocs } from './story-source.js';

const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));
const PANEL = /^(panel (review )?findings|acceptance|governance rules)$/i;

function mdUnder(dir: string, match: (name: string) => boolean, out: string[] = []): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) mdUnder(p, match, out);
    else if (e.isFile() && match(e.name)) out.push(p);
  }
  return out;
}

/** Specs (Papertrail's and Spec Kit's), plans (Spec Kit, agentic-dev), runbooks and stories of the workspace. */
export function governedDocuments(app: App): { targets: Target[]; unreadable: string[] } {
  const root = app.ws.root;
  const files: { kind: TargetKind; path: string }[] = [];
  let specs: string[] = [];
  try {
    specs = specDocs(app).docs.map((d) => d.path);
  } catch (e) {
    if (!isPtError(e)) throw e;
  }
  files.push(...specs.map((path) => ({ kind: 'spec' as const, path })));
  const kit = join(root, 'specs');
  for (const d of existsSync(kit) ? readdirSync(kit, { withFileTypes: true }) : []) {
    if (!d.isDirectory()) continue;
    for (const [name, kind] of [
      ['spec.md', 'spec'],
      ['plan.md', 'plan'],
    ] as const)
      if (existsSync(join(kit, d.name, name))) files.push({ kind, path: join(kit, d.name, name) });
  }
  files.push(
    ...mdUnder(join(root, '.agent/cache/plans'), (n) => n.endsWith('.md')).map((path) => ({
      kind: 'plan' as const,
      path,
    })),
  );
  files.push(
    ...mdUnder(join(root, RUNBOOKS_DIR), (n) => n.endsWith('-runbook.md')).map((path) => ({
      kind: 'runbook' as const,
      path,
    })),
  );
  files.push(
    ...mdUnder(join(root, STORIES_DIR), (n) => n.endsWith('.md')).map((path) => ({
      kind: 'story' as const,
      path,
    })),
  );
  const targets: Target[] = [];
  const unreadable: string[] = [];
  for (const f of files.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const file = toPosix(relative(root, f.path));
    try {
      targets.push(buildTarget(f.kind, file, readText(f.path, file), f.kind === 'runbook' ? PANEL : null));
    } catch (e) {
      if (!isPtError(e)) throw e;
      unreadable.push(`${file}: ${e.message}`);
    }
  }
  return { targets, unreadable };
}

export interface ConstitutionCheckResult extends GateResult {
  ok: boolean;
}

/** The constitution's gates as code: each article against every document it applies to. */
export function constitutionCheck(app: App, args: { file?: string } = {}): ConstitutionCheckResult {
  const root = app.ws.root;
  const rel = args.file ?? CONSTITUTION_PATHS.find((p) => existsSync(join(root, p)));
  if (!rel || !existsSync(resolve(root, rel)))
    throw new PtError(
      'constitution/not-found',
      `No constitution${args.file ? ` at ${args.file}` : ''} in ${root}`,
      {
        hint: `Write one at ${CONSTITUTION_PATHS[0]} (or Spec Kit's ${CONSTITUTION_PATHS[1]}): numbered articles, "**Version**: X.Y.Z";`,
        exit: 3,
      },
    );
  insideApp(app, resolve(root, rel), rel);
  const c = parseConstitution(readText(resolve(root, rel), rel), toPosix(rel));
  const rules = loadRules(root);
  const { targets, unreadable } = governedDocuments(app);
  const g = checkConstitution(c, rules, targets);
  g.warnings.push(
    ...rules.errors.map((e) => `${e.file}:${e.line}:${e.column}: rule file does not parse: ${e.message}`),
    ...unreadable,
  );
  return { ...g, ok: g.violations === 0 };
}

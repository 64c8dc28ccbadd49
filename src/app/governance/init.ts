import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type FileWrite, writeFilesAtomic } from '../../base/index.js';
import { CONSTITUTION_PATHS, loadRules, starterGovernance } from '../../domain/governance/index.js';
import { type App, insideApp, requireWorkspace } from '../kernel/index.js';

export interface GovernanceInitArgs {
  dryRun?: boolean;
}

export interface GovernanceInitResult {
  dryRun: boolean;
  /** `keep`: the file, or what it stands for (a constitution, a rule of that ID), is already there: `because` says which. */
  files: { path: string; action: 'create' | 'keep'; because?: string }[];
}

/**
 * Writes the starter constitution and its rules where the workspace has none. Nothing the team has is
 * ever replaced: an existing constitution (Papertrail's or Spec Kit's) keeps the starter one out, since
 * `check` reads only the first it finds, and a rule whose ID is already defined is left out too.
 */
export function governanceInit(app: App, args: GovernanceInitArgs = {}): GovernanceInitResult {
  requireWorkspace(app);
  const root = app.ws.root;
  const constitution = CONSTITUTION_PATHS.find((p) => existsSync(join(root, p)));
  const ruleIds = new Map(loadRules(root).rules.map((r) => [r.id, r.file]));
  const files: GovernanceInitResult['files'] = [];
  const writes: FileWrite[] = [];
  for (const f of starterGovernance(app.today)) {
    const id = /GOV-\d+/.exec(f.path)?.[0];
    const because = existsSync(join(root, f.path))
      ? 'the file exists'
      : f.path === CONSTITUTION_PATHS[0] && constitution
        ? `the workspace's constitution is ${constitution}`
        : id && ruleIds.has(id)
          ? `${id} is defined in ${ruleIds.get(id)}`
          : undefined;
    if (because) {
      files.push({ path: f.path, action: 'keep', because });
      continue;
    }
    files.push({ path: f.path, action: 'create' });
    const path = join(root, f.path);
    insideApp(app, path, f.path);
    writes.push({ path, content: f.content, expect: null });
  }
  // All or nothing: a constitution without the rules it names would fail its own check.
  if (!args.dryRun && writes.length) writeFilesAtomic(writes);
  return { dryRun: !!args.dryRun, files };
}

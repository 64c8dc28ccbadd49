import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { stringify } from 'yaml';
import {
  CONFIG_FILE,
  type Config,
  ConfigSchema,
  findWorkspace,
  PtError,
  schemaError,
  writeFilesAtomic,
} from '../../base/index.js';
import { ASSISTANTS, type Assistant, assistantFiles } from './assistant/index.js';

export interface InitOptions {
  docs?: string;
  forge?: 'local' | 'github';
  repo?: string | null;
  authors?: string[];
  /** Which assistants get their files (slash commands, MCP config, AGENTS.md); default all. */
  assistants?: readonly Assistant[];
  /** In a folder that already is a workspace: add the missing assistant files instead of refusing. */
  addToExisting?: boolean;
  dryRun?: boolean;
}

export interface InitResult {
  root: string;
  config: Config;
  created: string[];
  /** Assistant files that were already there: never overwritten. */
  skipped: string[];
  dryRun: boolean;
}

/** The assistant files of a decisions workspace that do not exist yet, and those that do. */
function newAssistantFiles(dir: string, docs: string, assistants: readonly Assistant[]) {
  const files = assistantFiles({ role: 'decisions', assistants, docs });
  const fresh = files.filter((f) => !existsSync(join(dir, f.path)));
  const skipped = files.filter((f) => !fresh.includes(f)).map((f) => f.path);
  return { fresh, skipped };
}

/** Creates papertrail.yaml and the document folders. Never overwrites an existing workspace. */
export function initWorkspace(dir: string, opts: InitOptions = {}): InitResult {
  const cfgPath = join(dir, CONFIG_FILE);
  const assistants = opts.assistants ?? ASSISTANTS;
  if (existsSync(cfgPath) && opts.addToExisting) {
    const config = findWorkspace(dir).config;
    const { fresh, skipped } = newAssistantFiles(dir, config.docs, assistants);
    if (!opts.dryRun)
      writeFilesAtomic(fresh.map((f) => ({ path: join(dir, f.path), content: f.content, expect: null })));
    return { root: dir, config, created: fresh.map((f) => f.path), skipped, dryRun: !!opts.dryRun };
  }
  if (existsSync(cfgPath)) {
    throw new PtError('workspace/exists', `${CONFIG_FILE} already exists in ${dir}`, {
      hint: 'This is already a Papertrail workspace; nothing was changed. Edit papertrail.yaml to change its settings.',
      location: { file: CONFIG_FILE },
      exit: 3,
    });
  }
  const docs =
    opts.docs ??
    (existsSync(join(dir, 'decisions')) && !existsSync(join(dir, 'docs')) ? 'decisions' : 'docs');
  const parsed = v.safeParse(ConfigSchema, {
    docs,
    forge: opts.forge ?? 'local',
    repo: opts.repo ?? null,
    authors: opts.authors ?? [],
  });
  if (!parsed.success) {
    throw schemaError(parsed.issues, { file: '<flags>', code: 'config/invalid', what: 'init' });
  }
  const config = parsed.output;
  if (config.docs.split(/[\\/]/).includes('..') || config.docs.startsWith('/')) {
    throw new PtError(
      'config/docs-outside',
      `docs root "${config.docs}" must be a folder inside the workspace`,
      { hint: 'Use docs or decisions (the default is docs).', exit: 2 },
    );
  }
  const folders = ['proposals', 'specs', 'standards'].map((f) => join(config.docs, f));
  const { fresh, skipped } = newAssistantFiles(dir, config.docs, assistants);
  const created = [
    CONFIG_FILE,
    ...folders.filter((f) => !existsSync(join(dir, f))).map((f) => `${f}/`),
    ...fresh.map((f) => f.path),
  ];
  if (!opts.dryRun) {
    const header =
      '# Papertrail workspace settings. Documents live under `docs`; see README for every field.\n';
    const body = stringify({
      version: 1,
      docs: config.docs,
      forge: config.forge,
      repo: config.repo,
      ids: { proposal: 'PROP', spec: 'SPEC', standard: 'STD', requirement: 'REQ' },
      authors: config.authors,
    });
    for (const f of folders) mkdirSync(join(dir, f), { recursive: true });
    writeFilesAtomic([
      // Created, never replaced: two inits at once leave one workspace, not one overwritten by the other.
      { path: cfgPath, content: header + body, expect: null },
      ...fresh.map((f) => ({ path: join(dir, f.path), content: f.content, expect: null })),
    ]);
  }
  return { root: dir, config, created, skipped, dryRun: !!opts.dryRun };
}

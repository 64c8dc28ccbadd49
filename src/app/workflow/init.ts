import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
import {
  ASSISTANTS,
  type Assistant,
  assistantFiles,
  isMcpConfig,
  type LegacyFile,
  legacyFiles,
  mergeMcpConfig,
  migrateLegacy,
} from './assistant/index.js';

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
  /** MCP configurations that were already there, with the papertrail server added to their others. */
  merged: string[];
  /** MCP configurations left unchanged because they could not be edited safely: what to add by hand. */
  manual: { path: string; why: string; add: string }[];
  /** Slash-command files an earlier version wrote, unchanged: removed, their skills written instead. */
  replaced: string[];
  /** Such files the project has edited: left as they are (delete them to use the skill alone). */
  legacy: LegacyFile[];
  dryRun: boolean;
}

/**
 * The assistant files of a decisions workspace that do not exist yet, and those that do; an existing MCP
 * configuration gets the papertrail server added (`merged`, written only if it still holds `expect`).
 */
function newAssistantFiles(dir: string, docs: string, assistants: readonly Assistant[]) {
  const files = assistantFiles({ role: 'decisions', assistants, docs });
  const fresh = files.filter((f) => !existsSync(join(dir, f.path)));
  const skipped: string[] = [];
  const merged: { path: string; content: string; expect: string }[] = [];
  const manual: InitResult['manual'] = [];
  for (const f of files.filter((x) => !fresh.includes(x))) {
    const current = isMcpConfig(f.path) ? readFileSync(join(dir, f.path), 'utf8') : null;
    const m = current === null ? null : mergeMcpConfig(f.path, current);
    if (m?.action === 'merge') merged.push({ path: f.path, content: m.content, expect: current! });
    else {
      skipped.push(f.path);
      if (m?.action === 'manual') manual.push({ path: f.path, why: m.why, add: m.add });
    }
  }
  const migration = migrateLegacy(legacyFiles('decisions', assistants), (p) => readIfThere(join(dir, p)));
  return { fresh, skipped, merged, manual, migration };
}

function readIfThere(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** The legacy files to remove, each only if it still holds what was read (else the write is refused). */
const removals = (dir: string, m: { remove: { path: string; content: string }[] }) =>
  m.remove.map((f) => ({ path: join(dir, f.path), expect: f.content }));

/** The folders the legacy files were in (.claude/commands…), once nothing else is left in them. */
function pruneEmptyFolders(dir: string, m: { remove: { path: string }[] }): void {
  for (const folder of new Set(m.remove.map((f) => dirname(join(dir, f.path)))))
    if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
}

const mergedWrites = (dir: string, merged: { path: string; content: string; expect: string }[]) =>
  merged.map((f) => ({ path: join(dir, f.path), content: f.content, expect: f.expect }));

/** Creates papertrail.yaml and the document folders. Never overwrites an existing workspace. */
export function initWorkspace(dir: string, opts: InitOptions = {}): InitResult {
  const cfgPath = join(dir, CONFIG_FILE);
  const assistants = opts.assistants ?? ASSISTANTS;
  if (existsSync(cfgPath) && opts.addToExisting) {
    const config = findWorkspace(dir).config;
    const { fresh, skipped, merged, manual, migration } = newAssistantFiles(dir, config.docs, assistants);
    if (!opts.dryRun)
      writeFilesAtomic(
        [
          ...fresh.map((f) => ({ path: join(dir, f.path), content: f.content, expect: null })),
          ...mergedWrites(dir, merged),
        ],
        removals(dir, migration),
      );
    if (!opts.dryRun) pruneEmptyFolders(dir, migration);
    return {
      root: dir,
      config,
      created: fresh.map((f) => f.path),
      skipped,
      merged: merged.map((f) => f.path),
      manual,
      replaced: migration.remove.map((f) => f.path),
      legacy: migration.keep,
      dryRun: !!opts.dryRun,
    };
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
  const { fresh, skipped, merged, manual, migration } = newAssistantFiles(dir, config.docs, assistants);
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
    writeFilesAtomic(
      [
        // Created, never replaced: two inits at once leave one workspace, not one overwritten by the other.
        { path: cfgPath, content: header + body, expect: null },
        ...fresh.map((f) => ({ path: join(dir, f.path), content: f.content, expect: null })),
        ...mergedWrites(dir, merged),
      ],
      removals(dir, migration),
    );
    pruneEmptyFolders(dir, migration);
  }
  return {
    root: dir,
    config,
    created,
    skipped,
    merged: merged.map((f) => f.path),
    manual,
    replaced: migration.remove.map((f) => f.path),
    legacy: migration.keep,
    dryRun: !!opts.dryRun,
  };
}

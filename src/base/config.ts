import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { PtError } from './errors.js';
import { readText } from './read-text.js';
import { zodToPtError } from './zod-error.js';

export const CONFIG_FILE = 'papertrail.yaml';

const Prefix = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{0,9}$/, 'an ID prefix is 1-10 upper-case letters or digits, starting with a letter');

export const ConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    docs: z.string().min(1).default('docs'),
    forge: z.enum(['local', 'github']).default('local'),
    repo: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'repo is written ORG/NAME')
      .nullable()
      .default(null),
    ids: z
      .object({ proposal: Prefix, spec: Prefix, standard: Prefix, requirement: Prefix })
      .partial()
      .strict()
      .default({}),
    authors: z.array(z.string()).default([]),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

export function defaultConfig(over: Partial<Config> = {}): Config {
  return ConfigSchema.parse(over);
}

/** Parses papertrail.yaml text; every problem is a PtError with the file, line and column. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const p = err.linePos?.[0];
    throw new PtError(
      'config/yaml-syntax',
      `${CONFIG_FILE} is not valid YAML: ${err.message.split('\n')[0]}`,
      {
        hint: 'Fix the YAML syntax at the location shown.',
        location: { file, line: p?.line ?? 1, column: p?.col ?? 1 },
        exit: 2,
      },
    );
  }
  const raw = doc.toJS() ?? {};
  const r = ConfigSchema.safeParse(raw);
  if (!r.success)
    throw zodToPtError(r.error, { file, doc, lineCounter, code: 'config/invalid', what: CONFIG_FILE });
  const docs = r.data.docs;
  if (isAbsolute(docs) || docs.split(/[\\/]/).includes('..')) {
    throw new PtError('config/docs-outside', `docs root "${docs}" must be a folder inside the workspace`, {
      hint: 'Use a relative path such as "docs" or "decisions".',
      location: { file, line: 1, column: 1 },
      exit: 2,
    });
  }
  return r.data;
}

export interface Workspace {
  root: string;
  config: Config;
  /** Absolute docs root. */
  docsRoot: string;
  /** Whether papertrail.yaml exists (false: defaults inferred from the folder layout). */
  initialized: boolean;
}

/** Walks up from `cwd` to the nearest papertrail.yaml; without one, infers the layout of `cwd`. */
export function findWorkspace(cwd: string): Workspace {
  let dir = resolve(cwd);
  for (;;) {
    const f = join(dir, CONFIG_FILE);
    if (existsSync(f)) {
      const config = parseConfig(readText(f), relative(cwd, f) || CONFIG_FILE);
      return { root: dir, config, docsRoot: join(dir, config.docs), initialized: true };
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const root = resolve(cwd);
  const docs = existsSync(join(root, 'decisions')) && !existsSync(join(root, 'docs')) ? 'decisions' : 'docs';
  const config = defaultConfig({ docs });
  return { root, config, docsRoot: join(root, docs), initialized: false };
}

// `.github/spec/dependencies.yaml`, written by bootstrap and edited by people: read like any other
// input, so bad YAML, an alias bomb or a wrong field is a located error, and a URL is never taken by
// git for an option.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { parseYamlInput, readText, schemaError } from '../../../base/index.js';
import type { App } from '../../kernel/index.js';

export const DEPENDENCIES_PATH = '.github/spec/dependencies.yaml';

const Dependency = v.object({
  spec: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  title: v.optional(v.string()),
  repo: v.pipe(
    v.string(),
    v.regex(/^[\w.-]+\/[\w.-]+$/, 'is written ORG/NAME'),
    v.check((r) => !/\/\.{1,2}$/.test(r), 'must name a repository, not "." or ".."'),
  ),
  url: v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.check((u) => !u.startsWith('-'), 'must not start with "-" (git would read it as an option)'),
    // Transports that run a command instead of fetching: never what a dependency means.
    v.check(
      (u) => !/^(ext|fd)::/i.test(u),
      'must be a repository location, not an "ext::" or "fd::" command',
    ),
  ),
});

const DependenciesSchema = v.object({
  dependencies: v.optional(v.nullable(v.array(Dependency)), []),
});

export type Dependency = v.InferOutput<typeof Dependency>;

/** The dependencies an implementing repository names (none without the file), validated. */
export function readDependencies(app: App): Dependency[] {
  const path = join(app.ws.root, DEPENDENCIES_PATH);
  if (!existsSync(path)) return [];
  const text = readText(path, DEPENDENCIES_PATH);
  const { raw, doc, lineCounter } = parseYamlInput(
    text,
    DEPENDENCIES_PATH,
    'dependencies/yaml-syntax',
    DEPENDENCIES_PATH,
  );
  const r = v.safeParse(DependenciesSchema, raw ?? {});
  if (!r.success)
    throw schemaError(r.issues, {
      file: DEPENDENCIES_PATH,
      doc,
      lineCounter,
      code: 'dependencies/invalid',
      what: DEPENDENCIES_PATH,
    });
  return r.output.dependencies ?? [];
}

// Loads one OpenAPI description from @octokit/openapi, once per process: parsing the
// 13 MB file is the expensive part of starting a fake, so later fakes reuse it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** GitHub Enterprise Server descriptions have no sub-issue endpoints (3.17–3.19) nor dependencies (3.17, 3.18). */
export type SpecName = 'api.github.com' | 'ghec' | 'ghes-3.17' | 'ghes-3.18' | 'ghes-3.19';

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses: Record<string, unknown>;
}

export interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
  components: {
    schemas: Record<string, unknown>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, unknown>;
  };
}

const cache = new Map<SpecName, OpenApiSpec>();

export function loadSpec(name: SpecName): OpenApiSpec {
  let spec = cache.get(name);
  if (!spec) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@octokit/openapi/package.json'));
    spec = JSON.parse(readFileSync(join(dir, 'generated', `${name}.json`), 'utf8')) as OpenApiSpec;
    cache.set(name, spec);
  }
  return spec;
}

/** Follows a local `$ref` (parameters, responses, request bodies) one or more times. */
export function deref<T>(spec: OpenApiSpec, node: unknown): T {
  let current = node;
  for (let i = 0; i < 8; i++) {
    const ref = (current as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) break;
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((obj, part) => (obj as Record<string, unknown>)?.[part.replace(/~1/g, '/')], spec);
  }
  return current as T;
}

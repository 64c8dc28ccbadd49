// Checks requests and the fake's own responses against the OpenAPI description, so the
// fake cannot silently drift from what api.github.com documents.
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { toJsonSchema } from './openapi-schema.js';
import { PathRouter } from './router.js';
import {
  deref,
  loadSpec,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiSpec,
  type SpecName,
} from './spec.js';

export interface MatchedOperation {
  template: string;
  method: string;
  operationId: string;
  params: Record<string, string>;
  operation: OpenApiOperation;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);

export class OpenApiValidator {
  private readonly spec: OpenApiSpec;
  private readonly router: PathRouter;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(specName: SpecName) {
    this.spec = loadSpec(specName);
    this.router = new PathRouter(Object.keys(this.spec.paths), multiSegmentParams(this.spec));
    this.ajv = new Ajv({ strict: false, logger: false });
    formatsModule.default(this.ajv);
    // GitHub-specific formats carry no checkable constraint beyond their JSON type.
    for (const f of ['int64', 'int32', 'double', 'repo.nwo', 'binary', 'timestamp'])
      this.ajv.addFormat(f, true);
  }

  match(method: string, path: string): MatchedOperation | { error: string } {
    const route = this.router.match(path);
    if (!route) return { error: `no path in the OpenAPI description matches ${path}` };
    const operation = this.spec.paths[route.template]?.[method.toLowerCase()];
    if (!operation || !METHODS.has(method.toLowerCase())) {
      return { error: `${method} is not an operation of ${route.template}` };
    }
    const op = operation as OpenApiOperation;
    return {
      template: route.template,
      method,
      operationId: op.operationId,
      params: route.params,
      operation: op,
    };
  }

  /** Errors in the path parameters, query and JSON body; also returns them coerced to their schema types. */
  validateRequest(
    m: MatchedOperation,
    query: URLSearchParams,
    body: unknown,
  ): { errors: string[]; path: Record<string, unknown>; query: Record<string, unknown> } {
    const errors: string[] = [];
    const parameters = (m.operation.parameters ?? []).map((p) => deref<OpenApiParameter>(this.spec, p));
    const path: Record<string, unknown> = {};
    const q: Record<string, unknown> = {};
    for (const p of parameters) {
      if (p.in === 'path') {
        path[p.name] = this.checkValue(`${m.operationId} path.${p.name}`, p, m.params[p.name], errors);
      } else if (p.in === 'query') {
        const raw = query.get(p.name);
        if (raw === null) {
          if (p.required) errors.push(`query.${p.name} is required`);
          continue;
        }
        q[p.name] = this.checkValue(`${m.operationId} query.${p.name}`, p, raw, errors);
      }
    }
    for (const name of query.keys()) {
      if (!parameters.some((p) => p.in === 'query' && p.name === name)) {
        errors.push(`query.${name} is not a parameter of ${m.operationId}`);
      }
    }
    const rb = m.operation.requestBody
      ? deref<OpenApiOperation['requestBody']>(this.spec, m.operation.requestBody)
      : undefined;
    const bodySchema = rb?.content?.['application/json']?.schema;
    if (body === undefined) {
      if (rb?.required) errors.push('a JSON request body is required');
    } else if (!bodySchema) {
      errors.push(`${m.operationId} takes no JSON request body`);
    } else {
      const validate = this.compile(`${m.operationId} body`, bodySchema, true);
      if (!validate(body)) errors.push(...describe('body', validate));
    }
    return { errors, path, query: q };
  }

  validateResponse(m: MatchedOperation, status: number, body: unknown): string[] {
    const documented = m.operation.responses[String(status)];
    if (!documented) {
      // The description omits most cross-cutting errors (401, 403, 5xx), so only a
      // success status must be documented.
      return status < 400 ? [`status ${status} is not documented for ${m.operationId}`] : [];
    }
    const response = deref<{ content?: Record<string, { schema?: unknown }> }>(this.spec, documented);
    const schema = response.content?.['application/json']?.schema;
    // Some documented errors have no schema although GitHub still sends its JSON error body.
    if (!schema) {
      return body === undefined || status === 304 || status >= 400
        ? []
        : [`status ${status} of ${m.operationId} has no body`];
    }
    const validate = this.compile(`${m.operationId} ${status}`, schema, false);
    return validate(body) ? [] : describe('response', validate);
  }

  private checkValue(key: string, p: OpenApiParameter, raw: string | undefined, errors: string[]): unknown {
    if (raw === undefined) {
      errors.push(`${key} is missing`);
      return undefined;
    }
    const type = (p.schema as { type?: string } | undefined)?.type;
    let value: unknown = raw;
    if (type === 'integer' || type === 'number') value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    else if (type === 'boolean') value = raw === 'true' ? true : raw === 'false' ? false : raw;
    const validate = this.compile(key, p.schema ?? {}, false);
    if (!validate(value)) errors.push(...describe(key.split(' ')[1]!, validate));
    return value;
  }

  private compile(key: string, schema: unknown, closeBody: boolean): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      const json = toJsonSchema(schema, this.spec.components.schemas);
      // GitHub silently ignores unknown body fields; the fake rejects them so a misspelt
      // field in the adapter is caught instead of being dropped.
      if (closeBody && json.type === 'object' && json.properties && json.additionalProperties === undefined) {
        json.additionalProperties = false;
      }
      validate = this.ajv.compile(json);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

function multiSegmentParams(spec: OpenApiSpec): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [template, ops] of Object.entries(spec.paths)) {
    for (const op of Object.values(ops)) {
      for (const p of (op as Partial<OpenApiOperation>).parameters ?? []) {
        const param = deref<OpenApiParameter & { 'x-multi-segment'?: boolean }>(spec, p);
        if (!param['x-multi-segment']) continue;
        const names = out.get(template) ?? new Set<string>();
        names.add(param.name);
        out.set(template, names);
      }
    }
  }
  return out;
}

function describe(where: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).slice(0, 5).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${where}${e.instancePath} ${e.message ?? e.keyword}${extra}`;
  });
}

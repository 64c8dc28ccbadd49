// One MCP tool = one CLI verb: a declarative entry with its arguments (valibot, the same checks as the
// CLI), the request a writing verb takes (exactly what `--from FILE` takes), and a run function that
// calls the same application function the CLI command calls.
import * as v from 'valibot';
import { parseInput } from '../../app/workflow/index.js';
import { PtError } from '../../base/index.js';
import { confine, type Places } from './confine.js';
import { describeInput } from './descriptions.js';
import { type JsonSchema, toJsonSchema } from './json-schema.js';
import { OUTPUTS } from './outputs.js';

/** What a tool's run function gets besides its arguments: the workspace it serves. */
export interface ToolContext {
  /** The workspace folder (where the assistant started `papertrail mcp`). */
  root: string;
  /** Where path arguments may lead (the client's roots); without it, the workspace and beside it. */
  places?: () => Promise<Places>;
  /** Aborted when the server is stopped (a signal): a run under way in the call is then canceled. */
  signal?: AbortSignal;
}

export interface ToolDef {
  name: string;
  description: string;
  readOnly: boolean;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  call(ctx: ToolContext, raw: Record<string, unknown>): Promise<Record<string, unknown>>;
}

interface Spec<A extends v.ObjectEntries, R> {
  description: string;
  /** The tool's own arguments: IDs, flags and `dry_run`. */
  args: A;
  /** Writing verbs: the request (the `--from FILE` shape), given as the tool's other arguments. */
  request?: { schema: v.GenericSchema<unknown, R>; what: string; required?: string[] };
  /** The path arguments the tool reads or writes, by argument name: confined before it runs. */
  paths?: (args: v.InferOutput<v.StrictObjectSchema<A, undefined>>) => [string, string | undefined][];
  run(
    ctx: ToolContext,
    args: v.InferOutput<v.StrictObjectSchema<A, undefined>>,
    request: R,
  ): Promise<Record<string, unknown>> | Record<string, unknown>;
}

const WHERE = { file: '<arguments>' };

/**
 * A tool's entry in the table (tools.ts), made a tool once its name and whether it only reads are
 * known: those come from the list the slash commands are written against (TOOL_NAMES).
 */
export type ToolEntry = (name: string, readOnly: boolean) => ToolDef;

export function tool<A extends v.ObjectEntries, R = undefined>(spec: Spec<A, R>): ToolEntry {
  return (name, readOnly) => makeTool(name, readOnly, spec);
}

function makeTool<A extends v.ObjectEntries, R>(name: string, readOnly: boolean, spec: Spec<A, R>): ToolDef {
  const argsSchema = v.strictObject(spec.args);
  const own = toJsonSchema(argsSchema);
  let inputSchema: JsonSchema = { type: 'object', properties: own.properties ?? {}, ...pick(own) };
  if (spec.request) {
    const req = toJsonSchema(spec.request.schema);
    const required = [...(req.required ?? []), ...(spec.request.required ?? []), ...(own.required ?? [])];
    inputSchema = {
      type: 'object',
      properties: { ...req.properties, ...own.properties },
      ...(required.length ? { required: [...new Set(required)] } : {}),
    };
  }
  const outputSchema = OUTPUTS[name];
  if (!outputSchema) throw new Error(`No output schema for tool ${name}`);
  return {
    name,
    description: spec.description,
    readOnly,
    inputSchema: describeInput(name, inputSchema),
    outputSchema,
    async call(ctx, raw) {
      const mine: Record<string, unknown> = {};
      const rest: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(raw)) (k in spec.args || !spec.request ? mine : rest)[k] = val;
      const args = parseInput(mine, argsSchema, `${name} arguments`, WHERE);
      let request = undefined as R;
      if (spec.request) {
        request = parseInput(rest, spec.request.schema, `${spec.request.what} request`, WHERE) as R;
        for (const k of spec.request.required ?? []) {
          if ((request as Record<string, unknown>)[k] === undefined)
            throw new PtError('usage/missing-argument', `${name}: "${k}" is required`, {
              hint: `Give "${k}" with the other arguments.`,
              location: WHERE,
              exit: 2,
            });
        }
      }
      const named = (spec.paths?.(args) ?? []).filter((p): p is [string, string] => p[1] !== undefined);
      if (named.length) {
        const places = (await ctx.places?.()) ?? { roots: null };
        for (const [arg, path] of named) confine(ctx.root, places, path, arg);
      }
      return spec.run(ctx, args, request);
    },
  };
}

function pick(s: JsonSchema): JsonSchema {
  return s.required ? { required: s.required } : {};
}

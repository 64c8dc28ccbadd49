import * as v from 'valibot';
import type { Document, LineCounter } from 'yaml';
import { EXIT, PtError, parseYamlInput, schemaError } from '../../base/index.js';
import { checkWorkflow, type Locate } from './check-workflow.js';
import { GATE_KINDS, type Workflow } from './model.js';

const Str = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const Key = v.pipe(
  Str,
  v.regex(
    /^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]*$/u,
    'is letters, digits, ".", "_" or "-", starting with a letter or digit',
  ),
);

const GateSchema = v.strictObject({
  key: Key,
  kind: v.picklist(GATE_KINDS, `must be one of ${GATE_KINDS.join(', ')}`),
  reentryStepKey: v.optional(Key),
});

// `- after: api` in YAML is a map, not the text "after: api": both are read as the wait.
const Criterion = v.union(
  [
    Str,
    v.pipe(
      v.strictObject({ after: Key }),
      v.transform((o) => `after: ${o.after}`),
    ),
  ],
  'must be text, or "after: <step key>"',
);

const StepSchema = v.strictObject({
  key: Key,
  order: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more')),
  parallelizable: v.optional(v.boolean(), false),
  entryCriteria: v.optional(v.array(Criterion), []),
  exitCriteria: v.optional(v.array(Str), []),
  responsibleRole: Str,
  supportingTasks: v.optional(v.array(Str)),
  gates: v.optional(v.array(GateSchema)),
});

export const WorkflowSchema = v.strictObject({
  id: Key,
  name: Str,
  // A bare 1.0 in YAML is the number 1: versions must be written as text.
  version: v.pipe(v.string('must be text (quote it: "1.0.0")'), v.minLength(1, 'must not be empty')),
  effectiveFrom: v.pipe(
    v.string('must be a date written YYYY-MM-DD'),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'),
  ),
  steps: v.array(StepSchema),
});

/** A position from the YAML for a path; the nearest written parent when the path itself is absent. */
export function yamlLocator(doc: Document, lineCounter: LineCounter): Locate {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        const p = lineCounter.linePos(node.range[0]);
        return { line: p.line, column: p.col };
      }
    }
    return { line: 1, column: 1 };
  };
}

/** The same error with exit 3: a refused workflow is bad input to the execution engine, whatever refused it. */
function asRefusal(e: unknown, code?: string): never {
  if (!(e instanceof PtError)) throw e;
  throw new PtError(code ?? e.code, e.message, {
    ...(e.hint ? { hint: e.hint } : {}),
    ...(e.location ? { location: e.location } : {}),
    exit: EXIT.conflict,
    cause: e,
    details: e.details,
  });
}

/**
 * Reads a custom workflow from YAML (or JSON) text. Syntax errors, schema errors and workflows that
 * cannot run are refused with a stable code at file:line:column, exit 3.
 */
export function parseWorkflowYaml(text: string, file: string): Workflow {
  let parsed: ReturnType<typeof parseYamlInput>;
  try {
    parsed = parseYamlInput(text, file, 'workflow/yaml-syntax', `workflow ${file}`);
  } catch (e) {
    asRefusal(e);
  }
  const { raw, doc, lineCounter } = parsed;
  const r = v.safeParse(WorkflowSchema, raw);
  if (!r.success) {
    const e = schemaError(r.issues, { file, doc, lineCounter, code: 'workflow/invalid', what: 'workflow' });
    asRefusal(e, e.code === 'input/unknown-field' ? 'workflow/unknown-field' : e.code);
  }
  const wf = r.output as Workflow;
  checkWorkflow(wf, file, yamlLocator(doc, lineCounter));
  return wf;
}

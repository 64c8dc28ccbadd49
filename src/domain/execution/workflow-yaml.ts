import * as v from 'valibot';
import { asRefusal, parseYamlInput, schemaError, unicodePattern, yamlLocator } from '../../base/index.js';
import { checkWorkflow } from './check-workflow.js';
import { GATE_KINDS, type Workflow } from './model.js';

const Str = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const KEY = unicodePattern(String.raw`^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]*$`, 'u');
const Key = v.pipe(
  Str,
  v.check((s) => KEY().test(s), 'is letters, digits, ".", "_" or "-", starting with a letter or digit'),
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

export { yamlLocator };

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

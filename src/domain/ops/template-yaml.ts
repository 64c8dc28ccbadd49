import * as v from 'valibot';
import { asRefusal, parseYamlInput, refusalAt, schemaError, yamlLocator } from '../../base/index.js';
import { answerStepOf, RUN_VARIABLES, referencesIn } from './interpolate.js';
import {
  type CallableVerbs,
  INPUT_TYPES,
  RISK_CODES,
  RISK_LEVELS,
  type RunTemplate,
  SECURITY_SOURCES,
  type Step,
} from './model.js';

const Str = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const Key = v.pipe(
  Str,
  v.regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'is lower-case letters, digits, "_" or "-", starting with a letter or digit',
  ),
);
const Scalar = v.union([v.string(), v.number(), v.boolean()], 'must be text, a number or true/false');

const InputSchema = v.strictObject({
  name: Key,
  type: v.optional(v.picklist(INPUT_TYPES, `must be one of ${INPUT_TYPES.join(', ')}`), 'string'),
  description: v.optional(v.string()),
  required: v.optional(v.boolean(), false),
  default: v.optional(Scalar),
  choices: v.optional(v.array(Str)),
});

const FileSchema = v.strictObject({ path: Str, content: v.string() });

const StepSchema = v.strictObject({
  id: v.optional(Key),
  title: v.optional(Str),
  run: v.optional(Str),
  timeout: v.optional(
    v.pipe(v.number(), v.integer('must be whole seconds'), v.minValue(1, 'must be 1 or more')),
  ),
  verb: v.optional(Str),
  with: v.optional(v.record(v.string(), Scalar)),
  pr: v.optional(
    v.strictObject({
      title: Str,
      body: v.optional(v.string(), ''),
      branch: Str,
      base: v.optional(Str),
      files: v.pipe(v.array(FileSchema), v.minLength(1, 'must list at least one file')),
    }),
  ),
  security: v.optional(
    v.strictObject({
      audit: v.optional(Str),
      source: v.optional(
        v.picklist(SECURITY_SOURCES, `must be one of ${SECURITY_SOURCES.join(', ')}`),
        'npm-audit',
      ),
    }),
  ),
  ask: v.optional(
    v.strictObject({
      prompt: Str,
      system: v.optional(v.string()),
      maxTokens: v.optional(
        v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more')),
      ),
      fallback: v.optional(v.string()),
    }),
  ),
  deploy: v.optional(v.strictObject({ environment: Str, ref: v.optional(Str, 'main') })),
});

export const TemplateSchema = v.strictObject({
  slug: Key,
  title: Str,
  description: v.optional(v.string(), ''),
  kind: Key,
  keywords: v.optional(v.array(Str), []),
  risk: v.strictObject({
    level: v.picklist(RISK_LEVELS, `must be one of ${RISK_LEVELS.join(', ')}`),
    codes: v.optional(v.array(v.picklist(RISK_CODES, `must be one of ${RISK_CODES.join(', ')}`)), []),
  }),
  inputs: v.optional(v.array(InputSchema), []),
  checks: v.optional(v.array(Str), []),
  phases: v.pipe(
    v.array(
      v.strictObject({
        name: Str,
        steps: v.pipe(v.array(StepSchema), v.minLength(1, 'must have at least one step')),
      }),
    ),
    v.minLength(1, 'must have at least one phase'),
  ),
});

type Path = (string | number)[];
type Raw = v.InferOutput<typeof TemplateSchema>;
type RawStep = v.InferOutput<typeof StepSchema>;

const DEFAULT_TIMEOUT_SECONDS = 600;
const STEP_KINDS = ['run', 'verb', 'pr', 'security', 'ask', 'deploy'] as const;

/**
 * Reads a run template from YAML. Syntax errors, unknown fields, wrong types, a step that is not
 * exactly one kind, an input named twice, a reference to an input the template does not declare and
 * a default outside its choices are refused with a stable code at file:line:column, exit 3. Given
 * the verbs a run can call, a verb step naming another, or a `with:` key its verb does not take, is
 * refused the same way.
 */
export function parseTemplateYaml(
  text: string,
  file: string,
  opts: { verbs?: CallableVerbs } = {},
): RunTemplate {
  let parsed: ReturnType<typeof parseYamlInput>;
  try {
    parsed = parseYamlInput(text, file, 'ops/template-yaml', `run template ${file}`);
  } catch (e) {
    asRefusal(e);
  }
  const { raw, doc, lineCounter } = parsed;
  const r = v.safeParse(TemplateSchema, raw);
  if (!r.success) {
    const e = schemaError(r.issues, {
      file,
      doc,
      lineCounter,
      code: 'ops/template-invalid',
      what: 'run template',
    });
    asRefusal(e, e.code === 'input/unknown-field' ? 'ops/template-unknown-field' : e.code);
  }
  const at = yamlLocator(doc, lineCounter);
  const template = checked(r.output, file, at);
  if (opts.verbs) checkVerbs(r.output, opts.verbs, file, at);
  return template;
}

function checkVerbs(
  t: Raw,
  verbs: CallableVerbs,
  file: string,
  at: (p: Path) => { line: number; column: number },
): void {
  t.phases.forEach((ph, p) => {
    ph.steps.forEach((s, n) => {
      if (!s.verb) return;
      const path: Path = ['phases', p, 'steps', n];
      const keys = verbs[s.verb];
      if (!keys)
        throw refusalAt(
          'ops/unknown-verb',
          `papertrail ${s.verb} cannot be called from a run`,
          `Verbs a run can call: ${Object.keys(verbs).sort().join(', ') || '(none)'}.`,
          file,
          at([...path, 'verb']),
        );
      for (const k of Object.keys(s.with ?? {}))
        if (!keys.includes(k))
          throw refusalAt(
            'ops/unknown-verb-arg',
            `papertrail ${s.verb} takes no "${k}"`,
            keys.length
              ? `In with:, ${s.verb} takes: ${keys.join(', ')}.`
              : `${s.verb} takes nothing: remove with:.`,
            file,
            at([...path, 'with', k]),
          );
    });
  });
}

function checked(t: Raw, file: string, at: (p: Path) => { line: number; column: number }): RunTemplate {
  const names = new Set<string>();
  t.inputs.forEach((inp, i) => {
    if (names.has(inp.name))
      throw refusalAt(
        'ops/template-duplicate-input',
        `Input "${inp.name}" is declared twice`,
        'Give each input its own name.',
        file,
        at(['inputs', i, 'name']),
      );
    names.add(inp.name);
    if (inp.type === 'choice' && !inp.choices?.length)
      throw refusalAt(
        'ops/template-no-choices',
        `Input "${inp.name}" is a choice without choices`,
        'List them: choices: [a, b].',
        file,
        at(['inputs', i, 'type']),
      );
    if (inp.default !== undefined && inp.choices && !inp.choices.includes(String(inp.default)))
      throw refusalAt(
        'ops/template-bad-default',
        `The default of "${inp.name}" is not one of its choices`,
        `Use one of: ${inp.choices.join(', ')}.`,
        file,
        at(['inputs', i, 'default']),
      );
  });
  const ids = new Set<string>();
  // Ask steps met so far: a step may use the answer of one that runs before it.
  const asked = new Set<string>();
  const phases = t.phases.map((ph, p) => ({
    name: ph.name,
    steps: ph.steps.map((s, n) => {
      const path: Path = ['phases', p, 'steps', n];
      const step = stepOf(s, `${p + 1}-${n + 1}`, file, at, path);
      if (ids.has(step.id))
        throw refusalAt(
          'ops/template-duplicate-step',
          `Step id "${step.id}" is used twice`,
          'Give each step its own id.',
          file,
          at([...path, 'id']),
        );
      ids.add(step.id);
      if (s.run && referencesIn(s.run).length)
        throw refusalAt(
          'ops/template-command-ref',
          'A command cannot have template values spliced into it',
          'Read the input from the environment instead: "$PT_INPUT_NAME" (quoted), which the shell never runs as code.',
          file,
          at([...path, 'run']),
        );
      for (const [ref, where] of stepReferences(s)) {
        const answerOf = answerStepOf(ref);
        if (answerOf !== null) {
          if (asked.has(answerOf)) continue;
          throw refusalAt(
            'ops/template-unknown-answer',
            `"${ref}" is not the answer of an ask step that runs before this one`,
            `Answers available here: ${[...asked].map((a) => `steps.${a}.answer`).join(', ') || '(none)'}.`,
            file,
            at([...path, ...where]),
          );
        }
        if (!ref.startsWith('inputs.') && !(RUN_VARIABLES as readonly string[]).includes(ref))
          throw refusalAt(
            'ops/template-unknown-ref',
            `"\${{ ${ref} }}" is not a value a run has`,
            `Use inputs.NAME, steps.ID.answer (an earlier ask step) or one of: ${RUN_VARIABLES.join(', ')}.`,
            file,
            at([...path, ...where]),
          );
        if (ref.startsWith('inputs.') && !names.has(ref.slice(7)))
          throw refusalAt(
            'ops/template-unknown-input',
            `"${ref}" names no input of this template`,
            `Declare it under inputs, or use one of: ${[...names].join(', ') || '(none)'}.`,
            file,
            at([...path, ...where]),
          );
      }
      if (step.kind === 'ask') asked.add(step.id);
      return step;
    }),
  }));
  return {
    slug: t.slug,
    title: t.title,
    description: t.description,
    kind: t.kind,
    keywords: t.keywords.map((k) => k.toLowerCase()),
    risk: { level: t.risk.level, codes: t.risk.codes },
    inputs: t.inputs.map((i) => ({
      name: i.name,
      type: i.type,
      required: i.required,
      ...(i.description ? { description: i.description } : {}),
      ...(i.default !== undefined ? { default: i.default } : {}),
      ...(i.choices ? { choices: i.choices } : {}),
    })),
    checks: t.checks,
    phases,
  };
}

function stepOf(
  s: RawStep,
  n: string,
  file: string,
  at: (p: Path) => { line: number; column: number },
  path: Path,
): Step {
  const kinds = STEP_KINDS.filter((k) => s[k] !== undefined);
  if (kinds.length !== 1)
    throw refusalAt(
      'ops/template-step-kind',
      kinds.length ? `A step does ${kinds.join(' and ')}: one thing per step` : 'A step says nothing to do',
      'Give each step exactly one of run (a command), verb (a Papertrail verb), pr (a pull request), security, ask (a language model) or deploy.',
      file,
      at(path),
    );
  if (s.timeout !== undefined && !s.run)
    throw refusalAt(
      'ops/template-step-kind',
      'timeout is for command steps (run)',
      'Remove it, or make the step run a command.',
      file,
      at([...path, 'timeout']),
    );
  if (s.with !== undefined && !s.verb)
    throw refusalAt(
      'ops/template-step-kind',
      'with is for verb steps',
      'Remove it, or make the step call a verb.',
      file,
      at([...path, 'with']),
    );
  const id = s.id ?? `step-${n}`;
  if (s.run)
    return {
      kind: 'command',
      id,
      title: s.title ?? s.run,
      run: s.run,
      timeoutSeconds: s.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    };
  if (s.verb)
    return {
      kind: 'verb',
      id,
      title: s.title ?? `papertrail ${s.verb}`,
      verb: s.verb,
      with: Object.fromEntries(Object.entries(s.with ?? {}).map(([k, val]) => [k, String(val)])),
    };
  if (s.pr)
    return {
      kind: 'pr',
      id,
      title: s.title ?? 'Open a pull request',
      pr: {
        title: s.pr.title,
        body: s.pr.body,
        branch: s.pr.branch,
        ...(s.pr.base ? { base: s.pr.base } : {}),
        files: s.pr.files,
      },
    };
  if (s.deploy)
    return {
      kind: 'deploy',
      id,
      title: s.title ?? 'Deploy',
      deploy: { environment: s.deploy.environment, ref: s.deploy.ref },
    };
  if (s.ask)
    return {
      kind: 'ask',
      id,
      title: s.title ?? 'Ask the language model',
      // The schema leaves out what the file leaves out.
      ask: s.ask,
    };
  return securityStepOf(s.security!, id, s.title, file, at, path);
}

/** The security split: `audit` names the npm audit file, and only the `npm-audit` source has one. */
function securityStepOf(
  sec: NonNullable<RawStep['security']>,
  id: string,
  title: string | undefined,
  file: string,
  at: (p: Path) => { line: number; column: number },
  path: Path,
): Step {
  const fromFile = sec.source === 'npm-audit';
  if (fromFile !== (sec.audit !== undefined))
    throw refusalAt(
      'ops/template-security-source',
      fromFile
        ? 'security needs audit: the file of npm audit --json'
        : `audit is for the npm-audit source, not ${sec.source}`,
      fromFile
        ? "Add audit: audit.json (saved with npm audit --json > audit.json), or read GitHub's alerts with source: dependabot."
        : "Remove audit: the dependabot source reads the repository's open Dependabot alerts on GitHub.",
      file,
      at(fromFile ? [...path, 'security'] : [...path, 'security', 'audit']),
    );
  return {
    kind: 'security',
    id,
    title: title ?? (fromFile ? 'Triage the security audit' : 'Triage the Dependabot alerts'),
    audit: sec.audit ?? '',
    source: sec.source,
  };
}

/** Every `${{ … }}` reference of a step, with the path of the field it is in. */
function stepReferences(s: RawStep): [string, Path][] {
  const out: [string, Path][] = [];
  const add = (text: string | undefined, where: Path) => {
    if (text !== undefined) for (const r of referencesIn(text)) out.push([r, where]);
  };
  for (const [k, val] of Object.entries(s.with ?? {})) add(String(val), ['with', k]);
  if (s.pr) {
    add(s.pr.title, ['pr', 'title']);
    add(s.pr.body, ['pr', 'body']);
    add(s.pr.branch, ['pr', 'branch']);
    s.pr.files.forEach((f, i) => {
      add(f.path, ['pr', 'files', i, 'path']);
      add(f.content, ['pr', 'files', i, 'content']);
    });
  }
  add(s.security?.audit, ['security', 'audit']);
  add(s.ask?.prompt, ['ask', 'prompt']);
  add(s.ask?.system, ['ask', 'system']);
  add(s.ask?.fallback, ['ask', 'fallback']);
  add(s.deploy?.environment, ['deploy', 'environment']);
  add(s.deploy?.ref, ['deploy', 'ref']);
  return out;
}

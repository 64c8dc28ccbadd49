import * as v from 'valibot';
import { schemaError } from '../../base/index.js';
import { type Frontmatter, keyPosition, readFrontmatter } from '../markdown/index.js';
import {
  type Blocking,
  type Check,
  type Pos,
  ROLES,
  type Role,
  type Rule,
  type Scope,
  TARGET_KINDS,
  type TargetKind,
  type When,
} from './model.js';
import { compilePattern } from './pattern.js';

/** A governance file that could not be read as a rule: reported with its file, line and column. */
export interface RuleError {
  file: string;
  line: number;
  column: number;
  message: string;
  /** The role the file declares, when that much could be read. */
  role: Role | null;
}

export type ParsedRuleFile =
  | { kind: 'rule'; rule: Rule }
  | { kind: 'prose'; file: string; title: string }
  | { kind: 'error'; error: RuleError };

// Keys that make a file a machine-checkable rule. Cursor-style files (description, globs,
// alwaysApply) and plain ADRs are prose: listed, never silently treated as passing checks.
const RULE_KEYS = ['role', 'severity', 'require', 'when', 'applies-to'];

const roleOf = (x: unknown): Role | null => {
  if (typeof x !== 'string') return null;
  const want = x.replace(/^@/, '').trim().toLowerCase();
  return ROLES.find((r) => r.toLowerCase() === want) ?? null;
};

const RoleSchema = v.pipe(
  v.string(),
  v.check((s) => roleOf(s) !== null, `must be one of ${ROLES.join(', ')}`),
  v.transform((s) => roleOf(s)!),
);

const SEVERITY: Record<string, Blocking> = {
  blocking: 'blocking',
  error: 'blocking',
  advisory: 'advisory',
  warning: 'advisory',
};

const Str = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const OneOrMany = v.union([Str, v.array(Str)]);

const CheckSchema = v.strictObject({
  section: v.optional(Str),
  step: v.optional(Str),
  pattern: v.optional(Str),
  absent: v.optional(Str),
  'no-secrets': v.optional(v.literal(true)),
  in: v.optional(Str),
  message: v.optional(Str),
});

export const RuleSchema = v.strictObject({
  id: v.pipe(
    Str,
    v.regex(/^[A-Za-z][\w.-]*$/, 'is letters, digits, ".", "_" or "-", starting with a letter'),
  ),
  role: RoleSchema,
  severity: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => s in SEVERITY, 'must be blocking, advisory, error or warning'),
    ),
    'blocking',
  ),
  title: v.optional(Str),
  description: v.optional(v.string()),
  'applies-to': v.optional(v.union([v.picklist(TARGET_KINDS), v.array(v.picklist(TARGET_KINDS))]), 'runbook'),
  when: v.optional(
    v.strictObject({
      paths: v.optional(OneOrMany),
      text: v.optional(Str),
    }),
  ),
  // One check or a list of them. Not a v.union: its error ("must be (Array | Object)") hides which key
  // of the check is wrong, and the person fixing the rule needs that.
  require: v.pipe(
    v.unknown(),
    v.transform((x) => (Array.isArray(x) ? x : [x])),
    v.array(CheckSchema),
    v.minLength(1, 'needs at least one check'),
  ),
  // Cursor/agentic-dev keys may sit beside ours; they are kept out of the way.
  globs: v.optional(v.unknown()),
  alwaysApply: v.optional(v.unknown()),
});

type CheckInput = v.InferOutput<typeof CheckSchema>;

class RuleProblem extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
  ) {
    super(message);
  }
}

function compileAt(fm: Frontmatter, source: string, path: (string | number)[]): RegExp {
  try {
    return compilePattern(source);
  } catch (e) {
    throw new RuleProblem(
      `"${path.join('.')}" is not a valid regular expression: ${(e as Error).message}`,
      keyPosition(fm, path),
    );
  }
}

function scopeOf(raw: string | undefined): Scope {
  if (!raw || raw === 'document') return { kind: 'document' };
  if (raw === 'each-change') return { kind: 'each-change' };
  return { kind: 'section', name: raw };
}

function checkOf(fm: Frontmatter, c: CheckInput, path: (string | number)[]): Check {
  const kinds = (['section', 'step', 'pattern', 'absent', 'no-secrets'] as const).filter(
    (k) => c[k] !== undefined,
  );
  if (kinds.length !== 1) {
    throw new RuleProblem(
      kinds.length
        ? `"${path.join('.')}" has ${kinds.join(' and ')}: one check per entry (make a list)`
        : `"${path.join('.')}" needs one of section, step, pattern, absent or no-secrets`,
      keyPosition(fm, path),
    );
  }
  const kind = kinds[0]!;
  const pos = keyPosition(fm, [...path, kind]);
  const scope = scopeOf(c.in);
  const extra = c.message ? { message: c.message } : {};
  if (kind === 'section') return { kind, name: c.section!, pos, ...extra };
  if (kind === 'no-secrets') return { kind, scope, pos, ...extra };
  const source = c[kind]!;
  return { kind, re: compileAt(fm, source, [...path, kind]), source, scope, pos, ...extra };
}

const stripId = (h: string, id: string) => (h.startsWith(`${id}:`) ? h.slice(id.length + 1).trim() : h);

/** Parses one governance file. Never throws for bad content: a broken rule is a RuleError with a location. */
export function parseRuleFile(source: string, file: string): ParsedRuleFile {
  const fm = readFrontmatter(source);
  const heading = /^#[ \t]+(.+?)[ \t]*#*[ \t]*$/m.exec(source.slice(fm ? fm.end : 0));
  const title = heading?.[1] ?? file.split('/').pop()!;
  if (!fm) return { kind: 'prose', file, title };
  const p = fm.problems[0];
  if (p)
    return {
      kind: 'error',
      error: {
        file,
        line: p.line,
        column: p.column,
        message: `frontmatter does not parse: ${p.message}`,
        role: roleOf(fm.data.role),
      },
    };
  if (!RULE_KEYS.some((k) => k in fm.data)) return { kind: 'prose', file, title };
  const body = source.slice(fm.end).replace(/^(?:---|\.\.\.)[^\n]*\n?/, '');
  return ruleFromYaml(fm, file, heading?.[1] ?? null, body);
}

/**
 * A rule from parsed YAML (a rule file's frontmatter, or a check block in a constitution article).
 * `defaults` fill keys the YAML may leave out (an article's id and role).
 */
export function ruleFromYaml(
  fm: Frontmatter,
  file: string,
  heading: string | null,
  body: string,
  defaults: Record<string, unknown> = {},
): Exclude<ParsedRuleFile, { kind: 'prose' }> {
  const data = { ...defaults, ...fm.data };
  const declared = roleOf(data.role);
  const fail = (message: string, pos: Pos): Exclude<ParsedRuleFile, { kind: 'prose' }> => ({
    kind: 'error',
    error: { file, line: pos.line, column: pos.column, message, role: declared },
  });
  const r = v.safeParse(RuleSchema, data);
  if (!r.success) {
    const e = schemaError(r.issues, {
      file,
      doc: fm.doc,
      lineCounter: fm.lineCounter,
      code: 'rule',
      what: 'rule',
    });
    const loc = e.location!;
    return fail(e.message.replace(/^rule: /, ''), {
      line: (loc.line ?? 1) + fm.firstLine - 1,
      column: loc.column ?? 1,
    });
  }
  const o = r.output;
  try {
    const checks = o.require.map((c, i) => checkOf(fm, c, ['require', i]));
    let when: When | null = null;
    if (o.when) {
      const paths = o.when.paths === undefined ? [] : [o.when.paths].flat();
      when = {
        paths,
        text: o.when.text ? { re: compileAt(fm, o.when.text, ['when', 'text']), source: o.when.text } : null,
      };
    }
    return {
      kind: 'rule',
      rule: {
        id: o.id,
        role: o.role,
        severity: SEVERITY[o.severity]!,
        title: o.title ?? (heading ? stripId(heading, o.id) : o.id),
        appliesTo: [o['applies-to']].flat() as TargetKind[],
        when,
        require: checks,
        prose: body.trim(),
        file,
        line: keyPosition(fm, ['id']).line,
      },
    };
  } catch (e) {
    if (e instanceof RuleProblem) return fail(e.message, e.pos);
    throw e;
  }
}

import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';

// What `promtool check rules` checks of an alerting-rules file, and what this project adds: the
// expressions parse (Prometheus's own grammar, as its web UI uses it) and name only the metrics
// Papertrail exports, with their labels.

/** A metric Papertrail exports: its type (a histogram has _bucket, _sum, _count series) and labels. */
export interface MetricSpec {
  type: 'counter' | 'gauge' | 'histogram';
  labels: readonly string[];
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// model.ParseDuration: units largest first, each at most once, at least one.
const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;
const GROUP_KEYS = new Set(['name', 'interval', 'limit', 'query_offset', 'rules', 'labels']);
const RULE_KEYS = new Set(['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
const SEVERITIES = new Set(['critical', 'warning', 'info']);

const isDuration = (v: unknown) => typeof v === 'string' && v !== '' && DURATION.test(v);
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown, where: string, problems: string[]): Record<string, string> {
  if (v === undefined) return {};
  if (!isMap(v)) {
    problems.push(`${where}: not a map`);
    return {};
  }
  for (const [k, x] of Object.entries(v)) {
    if (!NAME.test(k)) problems.push(`${where}: "${k}" is not a label name`);
    if (typeof x !== 'string') problems.push(`${where}.${k}: not a string`);
  }
  return v as Record<string, string>;
}

/** The series names a metric may be queried by. */
function seriesOf(metrics: Readonly<Record<string, MetricSpec>>): Map<string, MetricSpec> {
  const out = new Map<string, MetricSpec>();
  for (const [name, m] of Object.entries(metrics)) {
    out.set(name, m);
    if (m.type === 'histogram') {
      out.set(`${name}_bucket`, { ...m, labels: [...m.labels, 'le'] });
      out.set(`${name}_sum`, m);
      out.set(`${name}_count`, m);
    }
  }
  return out;
}

/** The problems of one expression: a parse error, a metric or label it may not name. */
export function exprProblems(expr: string, metrics: Readonly<Record<string, MetricSpec>>): string[] {
  const problems: string[] = [];
  const series = seriesOf(metrics);
  const labels = new Set([...series.values()].flatMap((m) => m.labels));
  let used = 0;
  parser.parse(expr).iterate({
    enter(n) {
      const text = expr.slice(n.from, n.to);
      if (n.type.isError) problems.push(`does not parse at ${n.from}: "${expr.slice(n.from, n.from + 20)}"`);
      else if (n.name === 'Identifier' && n.node.parent?.name === 'VectorSelector') {
        used++;
        if (!series.has(text)) problems.push(`names a metric Papertrail does not export: ${text}`);
      } else if (n.name === 'LabelName' && !labels.has(text) && text !== '__name__')
        problems.push(`names a label no exported metric has: ${text}`);
      else if (n.name === 'LabelName' && text === '__name__')
        problems.push('selects a metric by __name__, which this check cannot follow');
    },
  });
  if (used === 0 && !problems.length) problems.push('names no metric');
  return problems;
}

/** Every problem of a rules file's text; none for a file `promtool check rules` would accept. */
export function ruleFileProblems(text: string, metrics: Readonly<Record<string, MetricSpec>>): string[] {
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: true });
  } catch (e) {
    return [`YAML: ${(e as Error).message.split('\n')[0]}`];
  }
  if (!isMap(doc) || !Array.isArray(doc.groups)) return ['no `groups` list at the top'];
  const problems: string[] = [];
  for (const k of Object.keys(doc)) if (k !== 'groups') problems.push(`unknown top-level field ${k}`);
  const groupNames = new Set<string>();
  const alertNames = new Set<string>();
  for (const [gi, g] of doc.groups.entries()) {
    const gw = `groups[${gi}]`;
    if (!isMap(g)) {
      problems.push(`${gw}: not a map`);
      continue;
    }
    for (const k of Object.keys(g)) if (!GROUP_KEYS.has(k)) problems.push(`${gw}: unknown field ${k}`);
    if (typeof g.name !== 'string' || !g.name) problems.push(`${gw}: no name`);
    else if (groupNames.has(g.name)) problems.push(`${gw}: group name "${g.name}" repeated`);
    else groupNames.add(g.name);
    if (g.interval !== undefined && !isDuration(g.interval)) problems.push(`${gw}.interval: not a duration`);
    if (!Array.isArray(g.rules) || g.rules.length === 0) {
      problems.push(`${gw}: no rules`);
      continue;
    }
    for (const [ri, r] of g.rules.entries()) {
      const rw = `${gw}.rules[${ri}]`;
      if (!isMap(r)) {
        problems.push(`${rw}: not a map`);
        continue;
      }
      for (const k of Object.keys(r)) if (!RULE_KEYS.has(k)) problems.push(`${rw}: unknown field ${k}`);
      if (r.record !== undefined) problems.push(`${rw}: a recording rule in an alerting-rules file`);
      if (typeof r.alert !== 'string' || !NAME.test(r.alert)) problems.push(`${rw}: no valid alert name`);
      else if (alertNames.has(r.alert)) problems.push(`${rw}: alert "${r.alert}" repeated`);
      else alertNames.add(r.alert);
      if (typeof r.expr !== 'string' || !r.expr.trim()) problems.push(`${rw}: no expr`);
      else for (const p of exprProblems(r.expr, metrics)) problems.push(`${rw}.expr ${p}`);
      if (!isDuration(r.for)) problems.push(`${rw}.for: not a Prometheus duration`);
      if (r.keep_firing_for !== undefined && !isDuration(r.keep_firing_for))
        problems.push(`${rw}.keep_firing_for: not a Prometheus duration`);
      const labels = stringMap(r.labels, `${rw}.labels`, problems);
      if (!SEVERITIES.has(labels.severity ?? '')) problems.push(`${rw}.labels.severity: missing or unknown`);
      const notes = stringMap(r.annotations, `${rw}.annotations`, problems);
      if (!notes.summary) problems.push(`${rw}.annotations.summary: missing`);
    }
  }
  return problems;
}

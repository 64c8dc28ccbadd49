import {
  InsertQueryNode,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  RawNode,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
  UpdateQueryNode,
  type ValueNode,
} from 'kysely';
import { redactDeep, redactOutput, secretValues } from '../../base/index.js';

// The store never holds a secret a run produced: every value written to the tables that keep what
// runs and executors do (their logs, inputs, errors, gates, artifacts, approvals) is redacted on its
// way in, whichever code path wrote it, so a path added later cannot forget. The audit trail is not
// redacted here: a record's hash covers its data, so appendAudit redacts it before it is hashed.
// Documents and the local forge's issues are the user's own text, kept as written.

/** Tables whose writes are redacted. */
export const REDACTED_TABLES: ReadonlySet<string> = new Set([
  'runs',
  'run_events',
  'run_gates',
  'run_artifacts',
  'run_approvals',
  'run_templates',
  'attempts',
  'gate_reviews',
  'handoff_artifacts',
  // The deploy queue (its runner-problem decisions quote what GitHub said).
  'deploys',
]);

const RAW_WRITE = /\b(?:insert\s+into|update)\s+"?([a-z_]+)"?/gi;

/** Whether a statement writes to one of the redacted tables. */
function writesRedacted(node: RootOperationNode): boolean {
  if (InsertQueryNode.is(node)) return REDACTED_TABLES.has(node.into?.table.identifier.name ?? '');
  if (UpdateQueryNode.is(node))
    return !!node.table && TableNode.is(node.table) && REDACTED_TABLES.has(node.table.table.identifier.name);
  if (RawNode.is(node)) return writesRedactedSql(node.sqlFragments.join(' '));
  return false;
}

/** Whether a statement's text writes to one of the redacted tables. */
export function writesRedactedSql(text: string): boolean {
  return [...text.matchAll(RAW_WRITE)].some((m) => REDACTED_TABLES.has(m[1]!));
}

/** The parameters of a statement compiled once (compiled.ts) as the plugin would have written them. */
export function redactParameters(parameters: readonly unknown[]): unknown[] {
  const secrets = secretValues();
  return parameters.map((v) => redactStoredValue(v, secrets));
}

/**
 * A value on its way into the store: JSON text (a column holds JSON as text) is redacted as the
 * data it holds, so the text stays valid JSON; other text as text.
 */
export function redactStoredValue(v: unknown, secrets: readonly string[]): unknown {
  if (typeof v === 'string') {
    if (/^\s*[[{"]/.test(v)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        return redactOutput(v, secrets);
      }
      const red = redactDeep(parsed, secrets, { patterns: true });
      return JSON.stringify(red) === JSON.stringify(parsed) ? v : JSON.stringify(red);
    }
    return redactOutput(v, secrets);
  }
  if (Array.isArray(v)) {
    const out = v.map((x) => redactStoredValue(x, secrets));
    return out.every((x, i) => x === v[i]) ? v : out;
  }
  return v;
}

class Redactor extends OperationNodeTransformer {
  constructor(private readonly secrets: readonly string[]) {
    super();
  }

  protected override transformValue(node: ValueNode): ValueNode {
    const value = redactStoredValue(node.value, this.secrets);
    return value === node.value ? node : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    const values = node.values.map((v) => redactStoredValue(v, this.secrets));
    return values.every((v, i) => v === node.values[i]) ? node : { ...node, values };
  }
}

/** The Kysely plugin every store is opened with. */
export class RedactWrites implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (!writesRedacted(args.node)) return args.node;
    return new Redactor(secretValues()).transformNode(args.node, args.queryId);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

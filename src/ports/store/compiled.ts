import { CompiledQuery, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import { redactParameters, writesRedactedSql } from './redact-writes.js';

// The statements an executor runs for every job are built and compiled once, not on every call:
// building a statement's node tree, passing it through the store's plugins and compiling it cost the
// executor more CPU than the rest of a claim. The statement is built once with a marker in place of
// each value; every call puts its values where the markers were, and redacts them as the store's
// plugin redacts a statement writing the same tables, since the plugin only sees statements Kysely
// compiles.

const MARKER = Symbol('compiled parameter');

interface Marker {
  readonly [MARKER]: string;
}

const isMarker = (v: unknown): v is Marker => typeof v === 'object' && v !== null && MARKER in v;

interface Shape {
  readonly sql: string;
  /** Where each parameter comes from: a value's name, or a value the statement holds itself. */
  readonly slots: readonly ({ name: string } | { value: unknown })[];
  readonly redacted: boolean;
}

/**
 * A statement built by `build` from named values; `build` may only place them in the statement
 * (`${p.x}`), never look at them, since it runs once with markers. Statements whose text differs by
 * their values (a clause added when a value is given) are separate statements.
 */
export class Compiled<P extends Record<string, unknown>, R> {
  // By the store's adapter: the compiled text is the dialect's.
  private readonly shapes = new WeakMap<object, Shape>();

  constructor(
    private readonly names: readonly (keyof P & string)[],
    private readonly build: (p: P) => RawBuilder<R>,
  ) {}

  execute<DB>(db: Kysely<DB>, values: P): Promise<QueryResult<R>> {
    const shape = this.shape(db);
    const parameters = shape.slots.map((s) => ('name' in s ? (values[s.name] ?? null) : s.value));
    return db.executeQuery<R>(
      CompiledQuery.raw(shape.sql, shape.redacted ? redactParameters(parameters) : parameters),
    );
  }

  private shape<DB>(db: Kysely<DB>): Shape {
    const key = db.getExecutor().adapter;
    let shape = this.shapes.get(key);
    if (!shape) {
      const markers = Object.fromEntries(this.names.map((n) => [n, { [MARKER]: n }])) as unknown as P;
      const q = this.build(markers).compile(db);
      shape = {
        sql: q.sql,
        slots: q.parameters.map((v) => (isMarker(v) ? { name: v[MARKER] } : { value: v })),
        redacted: writesRedactedSql(q.sql),
      };
      this.shapes.set(key, shape);
    }
    return shape;
  }
}

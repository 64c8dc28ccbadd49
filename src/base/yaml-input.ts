import { type Document, LineCounter, parseDocument, visit } from 'yaml';
import { EXIT, PtError } from './errors.js';

export interface ParsedYaml {
  raw: unknown;
  doc: Document;
  lineCounter: LineCounter;
}

/**
 * Parses YAML (or JSON) given by a person: syntax errors, duplicate keys and alias bombs become a
 * PtError with `code` at the file, line and column, so schema checks can then point into the same text.
 */
export function parseYamlInput(text: string, file: string, code: string, what: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const p = err.linePos?.[0];
    throw new PtError(code, `${what} is not valid YAML: ${err.message.split('\n')[0]}`, {
      hint: 'Fix the syntax at the location shown.',
      location: { file, line: p?.line ?? 1, column: p?.col ?? 1 },
      exit: 2,
    });
  }
  try {
    return { raw: doc.toJS({ maxAliasCount: 100 }) ?? {}, doc, lineCounter };
  } catch (cause) {
    // toJS throws on alias bombs (too many alias expansions): bad input, reported like a syntax error
    // at the first alias, where the expansion starts.
    let at = 0;
    visit(doc, {
      Alias(_, node) {
        at = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const p = lineCounter.linePos(at);
    throw new PtError(code, `${what} is not valid YAML: ${String((cause as Error).message)}`, {
      hint: 'Remove the repeated aliases (*name) from the file.',
      location: { file, line: p.line, column: p.col },
      exit: 2,
      cause,
    });
  }
}

/** Where a field is written: a path such as ['steps', 2, 'key']. */
export type Locate = (path: (string | number)[]) => { line: number; column: number };

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

/**
 * The same error with exit 3 (and `code` when given): a file an engine refuses is bad input to it,
 * whichever check refused it (its syntax, its schema, its own rules).
 */
export function asRefusal(e: unknown, code?: string): never {
  if (!(e instanceof PtError)) throw e;
  throw new PtError(code ?? e.code, e.message, {
    ...(e.hint ? { hint: e.hint } : {}),
    ...(e.location ? { location: e.location } : {}),
    exit: EXIT.conflict,
    cause: e,
    details: e.details,
  });
}

/** Refused content of a file at a place in it: exit 3, the error an engine gives for its bad input. */
export function refusalAt(
  code: string,
  message: string,
  hint: string,
  file: string,
  at: { line: number; column: number },
): PtError {
  return new PtError(code, message, { hint, location: { file, ...at }, exit: EXIT.conflict });
}

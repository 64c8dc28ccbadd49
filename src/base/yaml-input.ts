import { type Document, LineCounter, parseDocument, visit } from 'yaml';
import { PtError } from './errors.js';

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

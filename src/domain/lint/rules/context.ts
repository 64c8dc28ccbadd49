import type { Doc, DocSummary, IdScheme } from '../../docs/index.js';
import type { Finding, Severity } from '../../findings/index.js';

/** What a rule about one document is given besides the document. */
export interface DocRuleContext {
  scheme: IdScheme;
  report(f: Finding): void;
}

/**
 * A rule that reads one parsed document and nothing else, so what it finds in a file stays true
 * while the file (and the workspace's settings) stay as they are.
 */
export type DocRule = (doc: Doc, ctx: DocRuleContext) => void;

/** What a rule across documents is given: every document's summary, never a document's text. */
export interface CrossRuleContext {
  docs: readonly DocSummary[];
  scheme: IdScheme;
  docsRoot: string;
  /** Files named like documents that could not be read (absolute paths): a link to one is not broken. */
  unreadable: ReadonlySet<string>;
  byId: Map<string, DocSummary[]>;
  /** First document for an ID (duplicates are reported by their own rule). */
  get(id: string): DocSummary | undefined;
  report(f: Finding): void;
}

export type CrossRule = (ctx: CrossRuleContext) => void;

export function at(
  doc: { file: string },
  pos: { line: number; column: number } | null | undefined,
): { file: string; line: number; column: number } {
  return { file: doc.file, line: pos?.line ?? 1, column: pos?.column ?? 1 };
}

export function finding(
  code: string,
  severity: Severity,
  doc: { file: string },
  pos: { line: number; column: number } | null | undefined,
  message: string,
  hint?: string,
): Finding {
  return { code, severity, message, ...at(doc, pos), ...(hint ? { hint } : {}) };
}

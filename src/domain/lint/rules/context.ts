import type { Doc, DocSet } from '../../docs/index.js';
import type { Finding, Severity } from '../../findings/index.js';

export interface RuleContext {
  set: DocSet;
  byId: Map<string, Doc[]>;
  /** First document for an ID (duplicates are reported by their own rule). */
  get(id: string): Doc | undefined;
  report(f: Finding): void;
}

export function at(
  doc: Doc,
  pos: { line: number; column: number } | null | undefined,
): { file: string; line: number; column: number } {
  return { file: doc.file, line: pos?.line ?? 1, column: pos?.column ?? 1 };
}

export function finding(
  code: string,
  severity: Severity,
  doc: Doc,
  pos: { line: number; column: number } | null | undefined,
  message: string,
  hint?: string,
): Finding {
  return { code, severity, message, ...at(doc, pos), ...(hint ? { hint } : {}) };
}

export type Rule = (ctx: RuleContext) => void;

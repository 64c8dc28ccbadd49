export type Severity = 'error' | 'warning' | 'info';

export interface Related {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** One problem found in a document. `file` is relative to the workspace root, with forward slashes. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  line?: number;
  column?: number;
  hint?: string;
  related?: Related[];
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    ORDER[a.severity] - ORDER[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

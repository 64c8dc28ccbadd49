import { blockEnd, scan } from '../markdown/index.js';
import type { Change, Target, TargetKind, TargetSection } from './model.js';

const CHANGE = /^(#{2,6})[ \t]+\[(MODIFY|NEW|DELETE)\][ \t]+(.*?)[ \t]*$/;

/** The path of a change heading: `[file](path)`, `` `path` `` or the first word. */
export function changePath(rest: string): string {
  const link = /^\[[^\]]*\]\(([^)\s]+)\)/.exec(rest);
  if (link) return link[1]!;
  const code = /^`([^`]+)`/.exec(rest);
  if (code) return code[1]!.trim();
  return rest.split(/\s+/)[0] ?? '';
}

const PATHLIKE = /^(?:\.\/)?[\w.@-]+(?:\/[\w.@*-]+)+\/?$|^[\w-]+\.[A-Za-z0-9]{1,8}$/;
const DOC_ID = /^[A-Z][A-Z0-9]*-\d+(?:-EXT-\d+)?(?:\/[A-Z][A-Z0-9]*-\d+)?$/;

/** Paths a document names in backticks (`infra/runner.tf`), not IDs, URLs or API routes. */
export function namedPaths(lines: string[], skip: Set<number> = new Set()): string[] {
  const out = new Set<string>();
  lines.forEach((l, i) => {
    if (skip.has(i)) return;
    for (const m of l.matchAll(/`([^`\s]+)`/g)) {
      const p = m[1]!;
      if (PATHLIKE.test(p) && !DOC_ID.test(p) && !/^\d/.test(p)) out.add(p.replace(/^\.\//, ''));
    }
  });
  return [...out];
}

export function sectionsOf(source: string): { lines: string[]; sections: TargetSection[] } {
  const s = scan(source);
  const sections = s.headings.map((h, k) => ({
    title: h.text,
    level: h.level,
    start: h.index,
    end: blockEnd(s, k),
    line: h.line,
  }));
  return { lines: s.lines.map((l) => l.text), sections };
}

/** Reads a Markdown document into what rules look at. `hiddenSections` are left out of every check. */
export function buildTarget(
  kind: TargetKind,
  file: string,
  source: string,
  hiddenSections: RegExp | null = null,
): Target {
  const { lines, sections } = sectionsOf(source);
  const hidden = new Set<number>();
  if (hiddenSections) {
    for (const sec of sections)
      if (hiddenSections.test(sec.title)) for (let i = sec.start; i < sec.end; i++) hidden.add(i);
  }
  const changes: Change[] = [];
  const fenced = new Set<number>();
  const sc = scan(source);
  for (const l of sc.lines) if (l.inFence) fenced.add(l.num - 1);
  for (let i = 0; i < lines.length; i++) {
    if (hidden.has(i) || fenced.has(i)) continue;
    const m = CHANGE.exec(lines[i]!);
    if (!m) continue;
    const level = m[1]!.length;
    let end = lines.length;
    for (let k = i + 1; k < lines.length; k++) {
      const h = /^(#{1,6})[ \t]/.exec(lines[k]!);
      if (h && !fenced.has(k) && h[1]!.length <= level) {
        end = k;
        break;
      }
    }
    const path = changePath(m[3]!);
    changes.push({
      action: m[2] as Change['action'],
      path: path.replace(/^\.\//, ''),
      start: i,
      end,
      line: i + 1,
      column: lines[i]!.indexOf(m[3]!) + 1,
    });
  }
  const paths = new Set(changes.map((c) => c.path).filter(Boolean));
  for (const p of namedPaths(lines, hidden)) paths.add(p);
  return { kind, file, lines, hidden, sections, changes, paths: [...paths] };
}

/** The section whose heading matches `name` (case-insensitive; numbering like "5." or "Article I:" ignored). */
export function findSection(t: { sections: TargetSection[] }, name: string): TargetSection | undefined {
  const want = normTitle(name);
  return t.sections.find((s) => normTitle(s.title) === want);
}

export function normTitle(s: string): string {
  return s
    .toLowerCase()
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)]?|[ivxlcdm]+\.)\s+/, '')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

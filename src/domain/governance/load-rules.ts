import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isPtError, readText } from '../../base/index.js';
import type { Rule } from './model.js';
import { parseRuleFile, type RuleError } from './parse-rule.js';

/** Where a workspace keeps its governance rules: rules, decision records and compliance, under `.agent/`. */
export const RULE_DIRS = ['.agent/rules', '.agent/adrs', '.agent/compliance'];

export interface RuleSet {
  rules: Rule[];
  /** Files read as prose only (no machine-checkable frontmatter). */
  prose: { file: string; title: string }[];
  errors: RuleError[];
  /** Every governance file looked at. */
  files: number;
}

const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

function walk(dir: string, out: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && /\.(md|mdc)$/.test(e.name) && !/(^|-)template\.mdc?$/i.test(e.name)) out.push(p);
  }
}

/** Reads every rule under .agent/{rules,adrs,compliance}; broken files become errors, never exceptions. */
export function loadRules(root: string): RuleSet {
  const set: RuleSet = { rules: [], prose: [], errors: [], files: 0 };
  const paths: string[] = [];
  for (const d of RULE_DIRS) walk(join(root, d), paths);
  const seen = new Map<string, Rule>();
  for (const path of paths) {
    set.files++;
    const file = toPosix(relative(root, path));
    let source: string;
    try {
      source = readText(path, file);
    } catch (e) {
      if (!isPtError(e)) throw e;
      set.errors.push({
        file,
        line: e.location?.line ?? 1,
        column: e.location?.column ?? 1,
        message: e.message,
        role: null,
      });
      continue;
    }
    const r = parseRuleFile(source, file);
    if (r.kind === 'prose') set.prose.push({ file: r.file, title: r.title });
    else if (r.kind === 'error') set.errors.push(r.error);
    else {
      const first = seen.get(r.rule.id);
      if (first) {
        set.errors.push({
          file,
          line: r.rule.line,
          column: 1,
          message: `rule id "${r.rule.id}" is already used by ${first.file}`,
          role: r.rule.role,
        });
        continue;
      }
      seen.set(r.rule.id, r.rule);
      set.rules.push(r.rule);
    }
  }
  return set;
}

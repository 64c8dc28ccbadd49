import { boldLabel, type Frontmatter, parseYamlBlock, readFrontmatter, scan } from '../markdown/index.js';
import type { Rule } from './model.js';
import { type RuleError, ruleFromYaml } from './parse-rule.js';

/** Where a workspace keeps its constitution: Papertrail's own place, then Spec Kit's (new and old). */
export const CONSTITUTION_PATHS = [
  '.papertrail/constitution.md',
  '.specify/memory/constitution.md',
  'memory/constitution.md',
];

export interface Article {
  /** "I", "VIIa", "3". */
  number: string;
  title: string;
  line: number;
  /** Rule ids named by "**Enforced by:** A, B". */
  enforcedBy: { id: string; line: number; column: number }[];
  /** Checks written in the article itself (a ```papertrail fenced YAML block). */
  rules: Rule[];
  errors: RuleError[];
  prose: string;
}

export interface Constitution {
  file: string;
  title: string;
  version: string | null;
  /** Problems that do not stop the check (no version, a version that is not X.Y.Z). */
  warnings: { line: number; message: string }[];
  articles: Article[];
  /** Two articles with the same number. */
  errors: RuleError[];
}

const ARTICLE =
  /^(?:Article\s+([IVXLCDM]+[a-z]?|\d+[a-z]?)\b\s*(?:[.:)\u2014\u2013-]\s*|\(\s*)?(.*?)\)?\s*$|([IVXLCDM]+[a-z]?|\d+[a-z]?)[.:)]\s+(.+))$/;
const VERSION = /(?:\*\*|__)?Version(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*v?([0-9][^\s|*]*)/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

function blockFrontmatter(yaml: string, firstLine: number): Frontmatter {
  // Same shape as a rule file's frontmatter, so rule errors point at the article's own lines.
  const fm = parseYamlBlock(yaml, 0, yaml.length, 0);
  return { ...fm, firstLine };
}

export function parseConstitution(source: string, file: string): Constitution {
  const s = scan(source);
  const fm = readFrontmatter(source);
  const h1 = s.headings.find((h) => h.level === 1);
  const out: Constitution = {
    file,
    title: h1?.text ?? 'Constitution',
    version: null,
    warnings: [],
    articles: [],
    errors: [],
  };

  const fmVersion = fm?.data.version;
  if (fmVersion !== undefined) out.version = String(fmVersion);
  else
    for (const l of s.lines) {
      const m = l.inFence ? null : VERSION.exec(l.text);
      if (m) {
        out.version = m[1]!;
        if (!SEMVER.test(out.version))
          out.warnings.push({ line: l.num, message: `version "${out.version}" is not X.Y.Z` });
        break;
      }
    }
  if (out.version === null)
    out.warnings.push({ line: 1, message: 'the constitution states no version (**Version**: X.Y.Z)' });

  const heads = s.headings
    .map((h, k) => ({ h, k, m: h.level >= 2 && h.level <= 4 ? ARTICLE.exec(h.text) : null }))
    .filter((x) => x.m);
  heads.forEach(({ h, m }, i) => {
    const number = (m![1] ?? m![3])!;
    const title = (m![2] ?? m![4] ?? '').trim() || `Article ${number}`;
    // An article runs to the next article, or to the next heading at its level or above.
    let end = s.lines.length;
    const next = heads[i + 1];
    for (const o of s.headings)
      if (o.index > h.index && o.level <= h.level) {
        end = o.index;
        break;
      }
    if (next && next.h.index < end) end = next.h.index;
    const a: Article = { number, title, line: h.line, enforcedBy: [], rules: [], errors: [], prose: '' };
    if (out.articles.some((x) => x.number === number))
      out.errors.push({
        file,
        line: h.line,
        column: h.column,
        message: `Article ${number} appears twice`,
        role: 'Compliance',
      });
    const prose: string[] = [];
    for (let i2 = h.index + 1; i2 < end; i2++) {
      const l = s.lines[i2]!;
      const fence = /^\s*(`{3,}|~{3,})\s*(?:ya?ml\s+)?papertrail\b/.exec(l.text);
      if (fence) {
        let close = i2 + 1;
        while (close < end && !s.lines[close]!.text.trim().startsWith(fence[1]!)) close++;
        const yaml = s.lines
          .slice(i2 + 1, close)
          .map((x) => x.text)
          .join('\n');
        const block = blockFrontmatter(yaml, l.num + 1);
        const id = `ART-${number}${a.rules.length + a.errors.length ? `-${a.rules.length + a.errors.length + 1}` : ''}`;
        const p = block.problems[0];
        if (p)
          a.errors.push({
            file,
            line: p.line - 1 + l.num,
            column: p.column,
            message: `check does not parse: ${p.message}`,
            role: 'Compliance',
          });
        else {
          const r = ruleFromYaml(block, file, `${id}: ${title}`, '', {
            id,
            role: 'Compliance',
            'applies-to': ['spec', 'plan', 'runbook'],
          });
          if (r.kind === 'rule') a.rules.push(r.rule);
          else a.errors.push(r.error);
        }
        i2 = close;
        continue;
      }
      const label = l.inFence ? null : boldLabel(l.text);
      if (label && /^enforced by$/i.test(label.label)) {
        for (const m2 of label.value.matchAll(/[A-Za-z][\w.-]*/g))
          a.enforcedBy.push({
            id: m2[0],
            line: l.num,
            column: l.text.indexOf(label.value) + (m2.index ?? 0) + 1,
          });
        continue;
      }
      prose.push(l.text);
    }
    a.prose = prose.join('\n').trim();
    out.articles.push(a);
  });
  return out;
}

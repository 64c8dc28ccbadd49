import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/findings/index.js';
import {
  CATALOG,
  formatFinding,
  formatJson,
  formatSarif,
  formatText,
  summarize,
} from '../../../src/domain/lint/index.js';
import { lintFiles, md } from '../docs/helpers.js';

const FINDINGS: Finding[] = [
  {
    code: 'requirement/no-shall',
    severity: 'error',
    message: 'Requirement "Login" must state SHALL or MUST',
    file: 'docs/specs/SPEC-0001-auth.md',
    line: 23,
    column: 1,
    hint: 'Rewrite the statement with SHALL or MUST.',
  },
  {
    code: 'id/duplicate',
    severity: 'error',
    message: 'SPEC-0003 is used by more than one document',
    file: 'docs/specs/SPEC-0003 copy.md',
    line: 1,
    column: 1,
    related: [{ file: 'docs/specs/SPEC-0003-a.md', line: 1, column: 1, message: 'first use of SPEC-0003' }],
  },
  {
    code: 'frontmatter/unknown-field',
    severity: 'warning',
    message: 'Unknown frontmatter field "owner" for a proposal',
    file: 'docs/proposals/PROP-0004-x.md',
    line: 6,
    column: 1,
  },
  {
    code: 'naming/file-pattern',
    severity: 'warning',
    message: '"x.md" does not follow the naming pattern',
    file: 'docs/specs/x.md',
  },
  {
    code: 'naming/number-gap',
    severity: 'info',
    message: 'Numbering of proposals jumps from 1 to 4',
    file: 'docs/proposals/PROP-0004-x.md',
    line: 1,
    column: 1,
  },
];

const result = summarize([...FINDINGS], 7, false);

describe('text report', () => {
  const LINE = /^(\S(?:.*\S)?):(\d+):(\d+) (error|warning|info) ([a-z]+\/[a-z-]+) (.+)$/;

  it('writes one "file:line:col severity code message" line per finding, hints and related below', () => {
    const out = formatText(result.findings, result.summary, result.ok, { verbose: true });
    expect(out.endsWith('\n')).toBe(true);
    const lines = out.trimEnd().split('\n');
    const heads = lines.slice(0, -1).filter((l) => !l.startsWith('    '));
    expect(heads).toHaveLength(FINDINGS.length);
    for (const h of heads) expect(h).toMatch(LINE);
    expect(lines).toContain(
      'docs/specs/SPEC-0001-auth.md:23:1 error requirement/no-shall Requirement "Login" must state SHALL or MUST',
    );
    expect(lines).toContain('    hint: Rewrite the statement with SHALL or MUST.');
    expect(lines).toContain('    see: docs/specs/SPEC-0003-a.md:1:1 first use of SPEC-0003');
    expect(lines).toContain(
      'docs/specs/x.md:1:1 warning naming/file-pattern "x.md" does not follow the naming pattern',
    );
    expect(lines.at(-1)).toBe('✖ 7 documents checked: 2 errors, 2 warnings, 1 info');
  });

  it('hides info findings unless verbose, and says so', () => {
    const out = formatText(result.findings, result.summary, result.ok);
    expect(out).not.toContain('naming/number-gap');
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      '✖ 7 documents checked: 2 errors, 2 warnings, 1 info (1 info hidden; --verbose shows them)',
    );
  });

  it('uses singular words and a check mark when all is well', () => {
    const ok = summarize([], 1, false);
    expect(formatText(ok.findings, ok.summary, ok.ok)).toBe(
      '✔ 1 document checked: 0 errors, 0 warnings, 0 info\n',
    );
  });

  it('colours only when asked', () => {
    const f = FINDINGS[0]!;
    expect(formatFinding(f)).not.toContain('\u001b[');
    expect(formatFinding(f, true)).toContain('\u001b[31merror\u001b[0m');
    expect(formatFinding(FINDINGS[2]!, true)).toContain('\u001b[33mwarning\u001b[0m');
  });

  it('formats real lint output the same way', () => {
    const findings = lintFiles({
      'docs/specs/SPEC-0001-x.md': md`
        ---
        status: draft
        ---
        # SPEC-0001: X
      `,
    });
    const r = summarize(findings, 1, false);
    for (const line of formatText(r.findings, r.summary, r.ok, { verbose: true }).split('\n')) {
      if (line && !line.startsWith('    ') && !line.startsWith('✖')) expect(line).toMatch(LINE);
    }
  });
});

describe('JSON report', () => {
  it('has version, ok, summary and the findings as given', () => {
    const out = formatJson(result.findings, result.summary, result.ok);
    expect(out.endsWith('}\n')).toBe(true);
    const j = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['version', 'ok', 'summary', 'findings']);
    expect(j.version).toBe(1);
    expect(j.ok).toBe(false);
    expect(j.summary).toEqual({ documents: 7, errors: 2, warnings: 2, infos: 1 });
    expect(j.findings).toEqual(JSON.parse(JSON.stringify(result.findings)));
    for (const f of j.findings as Record<string, unknown>[]) {
      expect(typeof f.code).toBe('string');
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(typeof f.file).toBe('string');
    }
  });
});

// ------------------------------------------------------------------------------------------------
// A structural SARIF 2.1.0 check: the parts GitHub code scanning reads, without a JSON schema.

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkLocation(loc: unknown, where: string, errors: string[]): void {
  const phys = isObj(loc) ? loc.physicalLocation : undefined;
  if (!isObj(phys)) return void errors.push(`${where}: no physicalLocation`);
  const art = phys.artifactLocation;
  if (!isObj(art) || typeof art.uri !== 'string' || !art.uri) return void errors.push(`${where}: no uri`);
  if (/^[a-z][a-z0-9+.-]*:|^\/|\\|\s/i.test(art.uri))
    errors.push(`${where}: uri "${art.uri}" is not a relative URI`);
  if (art.uriBaseId !== undefined && typeof art.uriBaseId !== 'string')
    errors.push(`${where}: bad uriBaseId`);
  const region = phys.region;
  if (!isObj(region)) return void errors.push(`${where}: no region`);
  for (const k of ['startLine', 'startColumn'] as const) {
    const v = region[k];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1))
      errors.push(`${where}: ${k} ${String(v)}`);
  }
  if (region.startLine === undefined) errors.push(`${where}: no startLine`);
}

function validateSarif(log: unknown): string[] {
  const errors: string[] = [];
  if (!isObj(log)) return ['not an object'];
  if (log.version !== '2.1.0') errors.push(`version ${String(log.version)}`);
  if (typeof log.$schema !== 'string' || !log.$schema.includes('sarif')) errors.push('no $schema');
  if (!Array.isArray(log.runs) || log.runs.length !== 1) return [...errors, 'runs must hold one run'];
  const run = log.runs[0] as J;
  const driver = isObj(run.tool) && isObj(run.tool.driver) ? run.tool.driver : null;
  if (!driver) return [...errors, 'no tool.driver'];
  if (driver.name !== 'papertrail') errors.push('driver.name');
  if (typeof driver.version !== 'string') errors.push('driver.version');
  const rules = Array.isArray(driver.rules) ? (driver.rules as J[]) : [];
  const ids = rules.map((r) => r.id);
  if (new Set(ids).size !== ids.length) errors.push('duplicate rule ids');
  rules.forEach((r, i) => {
    if (typeof r.id !== 'string' || !r.id) errors.push(`rules[${i}].id`);
    if (!isObj(r.shortDescription) || typeof r.shortDescription.text !== 'string')
      errors.push(`rules[${i}].shortDescription`);
    const lvl = isObj(r.defaultConfiguration) ? r.defaultConfiguration.level : undefined;
    if (!['error', 'warning', 'note', 'none'].includes(String(lvl)))
      errors.push(`rules[${i}].defaultConfiguration.level`);
  });
  if (!Array.isArray(run.results)) return [...errors, 'no results'];
  (run.results as J[]).forEach((r, i) => {
    const where = `results[${i}]`;
    if (typeof r.ruleId !== 'string') errors.push(`${where}.ruleId`);
    if (!Number.isInteger(r.ruleIndex) || rules[r.ruleIndex as number]?.id !== r.ruleId)
      errors.push(`${where}.ruleIndex does not point at ${String(r.ruleId)}`);
    if (!['error', 'warning', 'note', 'none'].includes(String(r.level)))
      errors.push(`${where}.level ${String(r.level)}`);
    if (!isObj(r.message) || typeof r.message.text !== 'string' || !r.message.text)
      errors.push(`${where}.message`);
    if (!Array.isArray(r.locations) || r.locations.length === 0) errors.push(`${where}.locations`);
    else
      (r.locations as unknown[]).forEach((l, k) => {
        checkLocation(l, `${where}.locations[${k}]`, errors);
      });
    if (r.relatedLocations !== undefined) {
      (r.relatedLocations as J[]).forEach((l, k) => {
        if (!Number.isInteger(l.id)) errors.push(`${where}.relatedLocations[${k}].id`);
        checkLocation(l, `${where}.relatedLocations[${k}]`, errors);
      });
    }
  });
  return errors;
}

describe('SARIF report', () => {
  const log = JSON.parse(formatSarif(result.findings, '1.2.3')) as J;
  const run = (log.runs as J[])[0]!;
  const driver = (run.tool as J).driver as J;
  const results = run.results as J[];

  it('passes the structural SARIF 2.1.0 check', () => {
    expect(validateSarif(log)).toEqual([]);
  });

  it('the validator catches broken logs', () => {
    const bad = JSON.parse(JSON.stringify(log)) as J;
    const results0 = (bad.runs as J[])[0]!.results as J[];
    const i = results0.findIndex((r) => r.ruleId === 'requirement/no-shall');
    const r0 = results0[i]!;
    r0.ruleIndex = 99;
    r0.level = 'info';
    ((r0.locations as J[])[0]!.physicalLocation as J).region = { startLine: 0 };
    (((r0.locations as J[])[0]!.physicalLocation as J).artifactLocation as J).uri = '/abs/path.md';
    expect(validateSarif(bad)).toEqual([
      `results[${i}].ruleIndex does not point at requirement/no-shall`,
      `results[${i}].level info`,
      `results[${i}].locations[0]: uri "/abs/path.md" is not a relative URI`,
      `results[${i}].locations[0]: startLine 0`,
    ]);
    expect(validateSarif({ version: '2.0.0', runs: [] })).toEqual([
      'version 2.0.0',
      'no $schema',
      'runs must hold one run',
    ]);
  });

  it('lists each rule once, sorted, with the catalog level and help', () => {
    expect(driver).toMatchObject({ name: 'papertrail', version: '1.2.3', semanticVersion: '1.2.3' });
    const rules = driver.rules as J[];
    const ids = rules.map((r) => r.id as string);
    expect(ids).toEqual([...new Set(FINDINGS.map((f) => f.code))].sort());
    for (const r of rules) {
      const c = CATALOG[r.id as string]!;
      expect(r.defaultConfiguration).toEqual({ level: c.severity === 'info' ? 'note' : c.severity });
      expect(r.help).toEqual({ text: c.help });
      expect(r.name).toMatch(/^[A-Za-z0-9]+$/);
    }
    expect(rules.find((r) => r.id === 'requirement/no-shall')!.name).toBe('requirementNoShall');
  });

  it('maps each finding to a result with level, message, relative URI and 1-based region', () => {
    expect(results).toHaveLength(FINDINGS.length);
    const byCode = (c: string) => results.find((r) => r.ruleId === c)!;
    const shall = byCode('requirement/no-shall');
    expect(shall.level).toBe('error');
    expect(shall.message).toEqual({
      text: 'Requirement "Login" must state SHALL or MUST. Rewrite the statement with SHALL or MUST.',
    });
    expect(shall.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'docs/specs/SPEC-0001-auth.md', uriBaseId: '%SRCROOT%' },
          region: { startLine: 23, startColumn: 1 },
        },
      },
    ]);
    expect(byCode('frontmatter/unknown-field').level).toBe('warning');
    expect(byCode('naming/number-gap').level).toBe('note');
    const nameless = byCode('naming/file-pattern').locations as J[];
    expect((nameless[0]!.physicalLocation as J).region).toEqual({ startLine: 1, startColumn: 1 });
    const dup = byCode('id/duplicate');
    expect(((dup.locations as J[])[0]!.physicalLocation as J).artifactLocation).toEqual({
      uri: 'docs/specs/SPEC-0003%20copy.md',
      uriBaseId: '%SRCROOT%',
    });
    expect(dup.relatedLocations).toEqual([
      {
        id: 1,
        message: { text: 'first use of SPEC-0003' },
        physicalLocation: {
          artifactLocation: { uri: 'docs/specs/SPEC-0003-a.md', uriBaseId: '%SRCROOT%' },
          region: { startLine: 1, startColumn: 1 },
        },
      },
    ]);
  });

  it('escapes "#", "?", ":" and spaces in file names so they stay part of the path', () => {
    const f: Finding = {
      code: 'ref/broken',
      severity: 'error',
      message: 'm',
      file: 'docs/a b/c#1?:x%.md',
      line: 2,
    };
    const r = (JSON.parse(formatSarif([f], '1')) as J).runs as J[];
    const loc = (((r[0]!.results as J[])[0]!.locations as J[])[0]!.physicalLocation as J)
      .artifactLocation as J;
    expect(loc.uri).toBe('docs/a%20b/c%231%3F%3Ax%25.md');
    expect(decodeURIComponent(loc.uri as string)).toBe(f.file);
  });

  it('writes an empty but valid log when there is nothing to report', () => {
    const empty = JSON.parse(formatSarif([], '1.0.0')) as J;
    expect(validateSarif(empty)).toEqual([]);
    expect(((empty.runs as J[])[0]!.results as J[]).length).toBe(0);
  });

  it('stays valid for real lint output', () => {
    const findings = lintFiles({
      'docs/specs/SPEC-0001-x.md': '---\nstatus: bogus\nimplements: PROP-0404\n---\n# SPEC-0002: X\n',
      'docs/specs/SPEC-0001-EXT-0001-y.md': '# nothing\n',
    });
    expect(findings.length).toBeGreaterThan(5);
    expect(validateSarif(JSON.parse(formatSarif(findings, '0.1.0')))).toEqual([]);
  });
});

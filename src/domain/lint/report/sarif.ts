import type { Finding, RuleInfo } from '../../findings/index.js';
import { describeRule } from '../catalog.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A relative URI for a workspace path: each segment escaped, so "#", "?" and ":" stay part of the name. */
const uriOf = (file: string) => file.split('/').map(encodeURIComponent).join('/');

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run, rules in the driver, URIs relative to the repo
 * root. `describe` names the rules (the lint catalog by default; governance passes its own rules).
 */
export function formatSarif(
  findings: Finding[],
  version: string,
  describe: (code: string) => RuleInfo = describeRule,
): string {
  const ruleIds = [...new Set(findings.map((f) => f.code))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const d = describe(id);
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
      shortDescription: { text: d.summary },
      fullDescription: { text: d.summary },
      help: { text: d.help },
      defaultConfiguration: { level: LEVEL[d.severity] },
      properties: { tags: ['papertrail', id.split('/')[0]!] },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: index.get(f.code)!,
    level: LEVEL[f.severity],
    message: { text: f.hint ? `${f.message}. ${f.hint}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, f.line ?? 1), startColumn: Math.max(1, f.column ?? 1) },
        },
      },
    ],
    ...(f.related?.length
      ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: { uri: uriOf(r.file), uriBaseId: '%SRCROOT%' },
              region: { startLine: Math.max(1, r.line ?? 1), startColumn: Math.max(1, r.column ?? 1) },
            },
          })),
        }
      : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'papertrail',
            semanticVersion: version,
            version,
            rules,
          },
        },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

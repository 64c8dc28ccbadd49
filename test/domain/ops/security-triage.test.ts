import { describe, expect, it } from 'vitest';
import { triageAudit } from '../../../src/domain/ops/index.js';

const pkg = `{
    "name": "app",
    "dependencies": { "lodash": "^4.17.11", "express": "^3.0.0" },
    "devDependencies": { "minimist": "^1.2.0" }
}
`;

// The shape of npm 7+ `npm audit --json` (auditReportVersion 2).
const audit = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    lodash: {
      name: 'lodash',
      severity: 'high',
      isDirect: true,
      via: [
        {
          source: 1,
          name: 'lodash',
          title: 'Prototype Pollution',
          url: 'https://github.com/advisories/GHSA-1',
        },
      ],
      effects: [],
      range: '<4.17.21',
      nodes: ['node_modules/lodash'],
      fixAvailable: { name: 'lodash', version: '4.17.21', isSemVerMajor: false },
    },
    express: {
      name: 'express',
      severity: 'moderate',
      isDirect: true,
      via: ['qs'],
      fixAvailable: { name: 'express', version: '4.19.2', isSemVerMajor: true },
    },
    qs: {
      name: 'qs',
      severity: 'moderate',
      isDirect: false,
      via: [{ url: 'https://github.com/advisories/GHSA-2' }],
      fixAvailable: true,
    },
    minimist: { name: 'minimist', severity: 'critical', isDirect: true, via: [], fixAvailable: false },
  },
  metadata: {},
});

describe('security triage of npm audit output', () => {
  it('turns a direct same-major fix into a package.json change and sends the rest to review', () => {
    const t = triageAudit(audit, pkg);
    expect(t.fixes).toEqual([
      {
        name: 'lodash',
        from: '^4.17.11',
        to: '^4.17.21',
        severity: 'high',
        advisories: ['https://github.com/advisories/GHSA-1'],
      },
    ]);
    expect(t.review.map((r) => [r.name, r.why])).toEqual([
      ['express', 'breaking'],
      ['minimist', 'no-fix'],
      ['qs', 'indirect'],
    ]);
    expect(JSON.parse(t.packageJson!).dependencies.lodash).toBe('^4.17.21');
    expect(t.packageJson).toContain('\n    "name"');
  });

  it('refuses text that is not an audit report', () => {
    expect(() => triageAudit('{"nope":1}', pkg, 'a.json')).toThrow(/npm audit --json/);
    expect(() => triageAudit('not json', pkg)).toThrow(/not the output/);
  });
});

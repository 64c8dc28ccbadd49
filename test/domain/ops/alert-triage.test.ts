import { describe, expect, it } from 'vitest';
import { PtError } from '../../../src/base/errors.js';
import { parseTemplateYaml, type SecurityAlert, triageAlerts } from '../../../src/domain/ops/index.js';

const pkg = `{
    "name": "app",
    "dependencies": { "lodash": "^4.17.11", "express": "^3.0.0", "react": "latest", "ms": "^2.1.3" },
    "devDependencies": { "minimist": "~1.2.0", "debug": "^0.7.0", "qs": "6.5.1", "left-pad": "^1.0.0" }
}
`;

let n = 0;
function alert(name: string, patched: string | null, more: Partial<SecurityAlert> = {}): SecurityAlert {
  n += 1;
  return {
    number: n,
    name,
    ecosystem: 'npm',
    manifest: 'package.json',
    relationship: 'direct',
    severity: 'high',
    patched,
    url: `https://github.com/acme/shop/security/dependabot/${n}`,
    ...more,
  };
}

describe('the security split of Dependabot alerts', () => {
  it('fixes what stays in its major, and sends the rest to review with the reason', () => {
    n = 0;
    const t = triageAlerts(
      [
        alert('lodash', '4.17.19', { severity: 'medium' }),
        alert('lodash', '4.17.21', { severity: 'critical' }),
        alert('express', '4.19.2'),
        alert('minimist', '1.2.6', { severity: 'low' }),
        alert('qs', '6.5.3'),
        alert('debug', '0.8.0'),
        alert('left-pad', null),
        alert('react', '18.3.1'),
        alert('ms', '2.0.0'),
        alert('semver', '7.5.2', { relationship: 'transitive' }),
        alert('django', '2.0.2', { ecosystem: 'pip', manifest: 'requirements.txt' }),
      ],
      pkg,
    );
    expect(t.fixes).toEqual([
      {
        name: 'lodash',
        from: '^4.17.11',
        to: '^4.17.21',
        severity: 'critical',
        advisories: [
          'https://github.com/acme/shop/security/dependabot/1',
          'https://github.com/acme/shop/security/dependabot/2',
        ],
      },
      { name: 'minimist', from: '~1.2.0', to: '~1.2.6', severity: 'low', advisories: [expect.any(String)] },
      { name: 'qs', from: '6.5.1', to: '6.5.3', severity: 'high', advisories: [expect.any(String)] },
    ]);
    expect(t.review.map((r) => [r.name, r.why])).toEqual([
      ['debug', 'breaking'],
      ['django', 'manifest'],
      ['express', 'breaking'],
      ['left-pad', 'no-fix'],
      ['ms', 'lockfile'],
      ['react', 'range'],
      ['semver', 'indirect'],
    ]);
    const out = JSON.parse(t.packageJson!);
    expect(out.dependencies).toEqual({
      lodash: '^4.17.21',
      express: '^3.0.0',
      react: 'latest',
      ms: '^2.1.3',
    });
    expect(out.devDependencies).toMatchObject({ minimist: '~1.2.6', qs: '6.5.3', debug: '^0.7.0' });
    // The file keeps its four-space indent.
    expect(t.packageJson).toContain('\n    "name": "app"');
  });

  it('no alerts: nothing to fix, nothing to review, package.json untouched', () => {
    expect(triageAlerts([], pkg)).toEqual({ fixes: [], review: [], packageJson: null });
  });

  it('refuses a package.json that is not JSON, at its file', () => {
    const e = (() => {
      try {
        triageAlerts([alert('lodash', '4.17.21')], '{ "name": ');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(PtError);
    expect((e as PtError).code).toBe('ops/bad-package-json');
  });
});

describe('the security step source in a template', () => {
  const template = (security: string) =>
    `slug: sec\ntitle: Sec\nkind: security-patch\nrisk: { level: medium }\nphases:\n  - name: Triage\n    steps:\n      - id: triage\n        security: ${security}\n`;

  it('reads dependabot without a file, and npm audit with one', () => {
    const alerts = parseTemplateYaml(template('{ source: dependabot }'), 'sec.yaml').phases[0]!.steps[0];
    expect(alerts).toEqual({
      kind: 'security',
      id: 'triage',
      title: 'Triage the Dependabot alerts',
      audit: '',
      source: 'dependabot',
    });
    const audit = parseTemplateYaml(template('{ audit: audit.json }'), 'sec.yaml').phases[0]!.steps[0];
    expect(audit).toMatchObject({ audit: 'audit.json', source: 'npm-audit' });
  });

  it.each([
    ['{ source: dependabot, audit: audit.json }', /audit is for the npm-audit source/],
    ['{ source: npm-audit }', /needs audit/],
    ['{ source: snyk }', /must be one of npm-audit, dependabot/],
  ])('refuses %s at the file', (security, message) => {
    const e = (() => {
      try {
        parseTemplateYaml(template(security), 'sec.yaml');
      } catch (x) {
        return x;
      }
    })() as PtError;
    expect(e).toBeInstanceOf(PtError);
    expect(e.message).toMatch(message);
    expect(e.location).toMatchObject({ file: 'sec.yaml', line: 9 });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exprProblems, type MetricSpec, ruleFileProblems } from '../helpers/prom-rules.js';

// The SLO alerting rules shipped in the package: a file `promtool check rules` accepts, whose
// expressions parse and name only the deploy and runner metrics `papertrail serve` exports.

const ROOT = join(import.meta.dirname, '..', '..');
const FILE = join(ROOT, 'alerts', 'papertrail-slo.rules.yml');
const text = readFileSync(FILE, 'utf8');

/** The metrics the rules may use: names and labels as /metrics exports them. */
const METRICS: Record<string, MetricSpec> = {
  papertrail_deploy_duration_seconds: { type: 'histogram', labels: ['environment', 'outcome'] },
  papertrail_deploys_total: { type: 'counter', labels: ['environment', 'outcome'] },
  papertrail_runner_problem_detect_seconds: { type: 'histogram', labels: ['environment'] },
  papertrail_runner_up: { type: 'gauge', labels: ['environment', 'pool', 'runner'] },
};

describe('alerts/papertrail-slo.rules.yml', () => {
  it('passes the rules check and is shipped in the package', () => {
    expect(ruleFileProblems(text, METRICS)).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('alerts');
  });

  it('has an alert for each SLO, on the metric that measures it', () => {
    const exprs = [
      ...text.matchAll(/- alert: (\w+)\n\s+(?:#.*\n\s+)*expr: (?:\|\n)?([\s\S]*?)\n\s+for: (\S+)/g),
    ].map((m) => ({ alert: m[1]!, expr: m[2]!, for: m[3]! }));
    const on = (metric: string) => exprs.filter((e) => e.expr.includes(metric)).map((e) => e.alert);
    expect(exprs.map((e) => e.alert)).toHaveLength(5);
    expect(exprs.find((e) => e.alert === 'PapertrailDeployP95OverTenMinutes')?.expr).toMatch(
      /histogram_quantile\(0\.95,[\s\S]*papertrail_deploy_duration_seconds_bucket[\s\S]*> 600$/,
    );
    expect(exprs.find((e) => e.alert === 'PapertrailRunnerProblemDetectionSlow')?.expr).toMatch(
      /histogram_quantile\(0\.95,[\s\S]*papertrail_runner_problem_detect_seconds_bucket[\s\S]*> 300$/,
    );
    expect(on('papertrail_deploys_total{outcome!="success"}')).toEqual(['PapertrailDeployFailureRateHigh']);
    expect(on('papertrail_runner_up')).toEqual(['PapertrailRunnerDown', 'PapertrailRunnerPoolDown']);
    expect(exprs.find((e) => e.alert === 'PapertrailRunnerDown')).toMatchObject({
      expr: 'papertrail_runner_up == 0',
      for: '10m',
    });
  });

  it('rejects a broken file, each way promtool would', () => {
    const broken: [string, string, RegExp][] = [
      ['YAML that does not parse', text.replace('groups:', 'groups: [\n'), /^YAML: /],
      ['a repeated group name', text.replace('papertrail-runner-slo', 'papertrail-deploy-slo'), /repeated/],
      [
        'a duration promtool refuses',
        text.replace('for: 15m', 'for: 15 minutes'),
        /for: not a Prometheus duration/,
      ],
      ['no severity', text.replace('severity: critical', 'priority: critical'), /severity: missing/],
      [
        'a label that is not a string',
        text.replace('slo: deploy-duration', 'slo: 3'),
        /labels\.slo: not a string/,
      ],
      ['an unknown field', text.replace('for: 10m', 'for: 10m\n        fro: 10m'), /unknown field fro/],
      [
        'no expr',
        text.replace('expr: papertrail_runner_up == 0', 'exp: papertrail_runner_up == 0'),
        /no expr/,
      ],
      [
        'an unbalanced bracket',
        text.replace(
          'rate(papertrail_deploy_duration_seconds_bucket[6h]))',
          'rate(papertrail_deploy_duration_seconds_bucket[6h])',
        ),
        /does not parse/,
      ],
      [
        'a metric not exported',
        text.replace('papertrail_runner_up == 0', 'papertrail_runners_up == 0'),
        /papertrail_runners_up/,
      ],
    ];
    for (const [why, t, problem] of broken) {
      expect(t, why).not.toBe(text);
      expect(ruleFileProblems(t, METRICS).join('\n'), why).toMatch(problem);
    }
  });

  it('checks expressions with the PromQL grammar: labels, series of a histogram, operators', () => {
    expect(exprProblems('sum by (pool) (papertrail_runner_up) == 0', METRICS)).toEqual([]);
    expect(exprProblems('rate(papertrail_deploys_total_bucket[5m])', METRICS)).toEqual([
      'names a metric Papertrail does not export: papertrail_deploys_total_bucket',
    ]);
    expect(exprProblems('papertrail_runner_up{region="eu"}', METRICS)).toEqual([
      'names a label no exported metric has: region',
    ]);
    expect(exprProblems('papertrail_runner_up ==', METRICS)[0]).toMatch(/^does not parse/);
    expect(exprProblems('vector(1)', METRICS)).toEqual(['names no metric']);
  });
});

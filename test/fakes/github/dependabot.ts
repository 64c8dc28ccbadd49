import { loadSpec } from './spec.js';

// Dependabot alerts to seed a fake repository with: the OpenAPI description's own example alert,
// made open and set to the package, relationship and fix a test names.

export interface AlertSeed {
  number: number;
  name: string;
  /** The first version without the vulnerability; null: no fix yet. */
  patched: string | null;
  severity?: 'low' | 'medium' | 'high' | 'critical';
  relationship?: 'direct' | 'transitive' | 'inconclusive' | 'unknown' | null;
  ecosystem?: string;
  manifest?: string;
  vulnerable?: string;
}

interface Examples {
  components: { examples: Record<string, { value: Record<string, unknown>[] }> };
}

export function dependabotAlert(repo: string, seed: AlertSeed): Record<string, unknown> {
  const spec = loadSpec('api.github.com') as unknown as Examples;
  const alert = structuredClone(spec.components.examples['dependabot-alerts-for-repository']!.value[0]!);
  const pkg = { ecosystem: seed.ecosystem ?? 'npm', name: seed.name };
  const severity = seed.severity ?? 'high';
  const vulnerability = {
    package: pkg,
    severity,
    vulnerable_version_range: seed.vulnerable ?? `< ${seed.patched ?? '99.0.0'}`,
    first_patched_version: seed.patched ? { identifier: seed.patched } : null,
  };
  const advisory = alert.security_advisory as Record<string, unknown>;
  // The example's EPSS percentile is a string ("0.16001e0") where its own schema wants a number.
  const epss = advisory.epss as { percentage: number; percentile: unknown } | null;
  const ghsa = `GHSA-fake-${String(seed.number).padStart(4, '0')}-test`;
  return {
    ...alert,
    number: seed.number,
    state: 'open',
    dependency: {
      ...(alert.dependency as object),
      package: pkg,
      manifest_path: seed.manifest ?? 'package.json',
      relationship: seed.relationship === undefined ? 'direct' : seed.relationship,
    },
    security_advisory: {
      ...advisory,
      ...(epss ? { epss: { ...epss, percentile: Number(epss.percentile) } } : {}),
      ghsa_id: ghsa,
      severity,
      vulnerabilities: [vulnerability],
      identifiers: [{ type: 'GHSA', value: ghsa }],
    },
    security_vulnerability: vulnerability,
    url: `https://api.github.com/repos/${repo}/dependabot/alerts/${seed.number}`,
    html_url: `https://github.com/${repo}/security/dependabot/${seed.number}`,
    dismissed_at: null,
    dismissed_by: null,
    dismissed_reason: null,
    dismissed_comment: null,
    fixed_at: null,
  };
}

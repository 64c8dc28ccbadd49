import { EXIT, PtError } from '../../base/index.js';

// The security split: a fix that can be trusted to land by itself (a direct dependency, a fixed
// version within the same major) becomes a pull request; anything else (no fix, a breaking major,
// a dependency of a dependency) goes to a person.

export interface SecurityFix {
  name: string;
  from: string;
  to: string;
  severity: string;
  advisories: string[];
}

export interface SecurityReviewItem {
  name: string;
  severity: string;
  /**
   * `range`: the declared version is not a plain one (`*`, a tag, a URL) to move a fix within;
   * `lockfile`: package.json admits the fix already, the lockfile holds the vulnerable version;
   * `manifest`: declared elsewhere than the root package.json (another ecosystem or package).
   */
  why: 'no-fix' | 'breaking' | 'indirect' | 'range' | 'lockfile' | 'manifest';
  advisories: string[];
}

export interface SecurityTriage {
  fixes: SecurityFix[];
  review: SecurityReviewItem[];
  /** package.json with the fixes applied, or null when there is none. */
  packageJson: string | null;
}

interface Vulnerability {
  name?: string;
  severity?: string;
  isDirect?: boolean;
  via?: unknown[];
  fixAvailable?: boolean | { name?: string; version?: string; isSemVerMajor?: boolean };
}

const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/** The field of package.json that declares `name` directly, if one does. */
export function declaringField(pkg: Record<string, unknown>, name: string): string | undefined {
  return DEP_FIELDS.find((f) => typeof (pkg[f] as Record<string, string> | undefined)?.[name] === 'string');
}

/** package.json as it was written (its indent kept), with `pkg`'s changes; null when there are no fixes. */
export function packageJsonWithFixes(
  pkg: Record<string, unknown>,
  packageText: string,
  fixes: readonly SecurityFix[],
): string | null {
  const indent = /^[ \t]*(?=")/m.exec(packageText.split('\n')[1] ?? '')?.[0] || '  ';
  return fixes.length ? `${JSON.stringify(pkg, null, indent)}\n` : null;
}

function refused(file: string, why: string): PtError {
  return new PtError('ops/bad-audit', `${file} is not the output of npm audit --json: ${why}`, {
    hint: 'Save it with: npm audit --json > audit.json (npm 7 or later).',
    location: { file },
    exit: EXIT.conflict,
  });
}

/** Splits `npm audit --json` output (report version 2) against the package.json it was made for. */
export function triageAudit(auditText: string, packageText: string, file = 'audit.json'): SecurityTriage {
  let report: { auditReportVersion?: number; vulnerabilities?: Record<string, Vulnerability> };
  try {
    report = JSON.parse(auditText) as typeof report;
  } catch (e) {
    throw refused(file, (e as Error).message);
  }
  if (typeof report !== 'object' || report === null || typeof report.vulnerabilities !== 'object')
    throw refused(file, 'it has no "vulnerabilities"');
  const pkg = JSON.parse(packageText) as Record<string, unknown>;
  const fixes: SecurityFix[] = [];
  const review: SecurityReviewItem[] = [];
  for (const [key, vuln] of Object.entries(report.vulnerabilities ?? {}).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const name = vuln.name ?? key;
    const severity = vuln.severity ?? 'unknown';
    const advisories = (vuln.via ?? [])
      .map((v) =>
        typeof v === 'object' && v !== null
          ? ((v as { url?: string; title?: string }).url ?? (v as { title?: string }).title)
          : undefined,
      )
      .filter((s): s is string => typeof s === 'string');
    const fix = vuln.fixAvailable;
    const field = declaringField(pkg, name);
    if (!fix) review.push({ name, severity, why: 'no-fix', advisories });
    else if (typeof fix === 'object' && fix.isSemVerMajor)
      review.push({ name, severity, why: 'breaking', advisories });
    else if (typeof fix === 'object' && fix.name === name && fix.version && vuln.isDirect && field) {
      const deps = pkg[field] as Record<string, string>;
      fixes.push({ name, from: deps[name]!, to: `^${fix.version}`, severity, advisories });
      deps[name] = `^${fix.version}`;
    } else review.push({ name, severity, why: 'indirect', advisories });
  }
  return { fixes, review, packageJson: packageJsonWithFixes(pkg, packageText, fixes) };
}

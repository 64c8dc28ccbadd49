import { EXIT, PtError } from '../../base/index.js';
import type { ForgeSecurityAlert } from '../../ports/forge/index.js';
import {
  declaringField,
  packageJsonWithFixes,
  type SecurityFix,
  type SecurityReviewItem,
  type SecurityTriage,
} from './security-triage.js';

// The security split of a forge's alerts (GitHub's Dependabot alerts): the same rules as for npm
// audit. A package declared directly in the root package.json whose alerts all have a fixed version
// in the same major as the declared one (for 0.x, the same minor) becomes a fix; anything else goes
// to a person.

/** One open alert, as the forge reads it. */
export type SecurityAlert = ForgeSecurityAlert;

const SEVERITIES = ['unknown', 'low', 'medium', 'moderate', 'high', 'critical'];

type Version = [number, number, number];

/** The lowest version a plain range admits (`^1.2.3`, `~1.2`, `>=1.2.3`, `1.2.x`, `1.2.3`), or null. */
function floorOf(range: string): { at: Version; prefix: string } | null {
  const m = /^\s*(\^|~|>=|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(?:-[\w.]+)?\s*$/.exec(range);
  if (!m) return null;
  const part = (p: string | undefined) => (p === undefined || p === 'x' || p === '*' ? 0 : Number(p));
  return { at: [part(m[2]), part(m[3]), part(m[4])], prefix: m[1] === '=' ? '' : (m[1] ?? '') };
}

function versionOf(text: string): Version | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** A breaking change by semver: another major, or another minor below 1.0.0. */
function breaking(from: Version, to: Version): boolean {
  return to[0] !== from[0] || (from[0] === 0 && to[1] !== from[1]);
}

function refused(file: string, why: string): PtError {
  return new PtError('ops/bad-package-json', `${file} cannot be read as JSON: ${why}`, {
    hint: 'Fix package.json so npm can read it, then run again.',
    location: { file },
    exit: EXIT.conflict,
  });
}

/** Splits the open alerts against the root package.json they were raised for. */
export function triageAlerts(
  alerts: readonly SecurityAlert[],
  packageText: string,
  file = 'package.json',
): SecurityTriage {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(packageText) as Record<string, unknown>;
  } catch (e) {
    throw refused(file, (e as Error).message);
  }
  const fixes: SecurityFix[] = [];
  const review: SecurityReviewItem[] = [];
  const byPackage = new Map<string, SecurityAlert[]>();
  for (const a of alerts) {
    const key = a.ecosystem === 'npm' && a.manifest === 'package.json' ? a.name : `${a.manifest}\0${a.name}`;
    byPackage.set(key, [...(byPackage.get(key) ?? []), a]);
  }
  const order = ([k, g]: [string, SecurityAlert[]]) => `${g[0]!.name}\0${k}`;
  for (const [key, group] of [...byPackage].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
    const name = group[0]!.name;
    const severity = group
      .map((a) => a.severity)
      .reduce((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a));
    const advisories = group.map((a) => a.url).sort();
    const toReview = (why: SecurityReviewItem['why']) => review.push({ name, severity, why, advisories });
    const field = declaringField(pkg, name);
    if (key !== name) {
      toReview('manifest');
      continue;
    }
    if (group.some((a) => a.patched === null)) {
      toReview('no-fix');
      continue;
    }
    if (!field || group.some((a) => a.relationship !== 'direct')) {
      toReview('indirect');
      continue;
    }
    const deps = pkg[field] as Record<string, string>;
    const floor = floorOf(deps[name]!);
    const patched = group.map((a) => versionOf(a.patched!));
    if (!floor || patched.some((v) => v === null)) {
      toReview('range');
      continue;
    }
    const to = (patched as Version[]).reduce((a, b) => (compare(b, a) > 0 ? b : a));
    if (breaking(floor.at, to)) toReview('breaking');
    else if (compare(to, floor.at) <= 0) toReview('lockfile');
    else {
      const next = `${floor.prefix}${to.join('.')}`;
      fixes.push({ name, from: deps[name]!, to: next, severity, advisories });
      deps[name] = next;
    }
  }
  return { fixes, review, packageJson: packageJsonWithFixes(pkg, packageText, fixes) };
}

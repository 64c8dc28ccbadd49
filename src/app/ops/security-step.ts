import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, insideWorkspace, PtError } from '../../base/index.js';
import {
  interpolate,
  SECURITY_REVIEW_GATE,
  type SecuritySource,
  type SecurityTriage,
  triageAlerts,
  triageAudit,
} from '../../domain/ops/index.js';
import { addGates } from '../../ports/store/index.js';
import { notifyRunChange } from './notify.js';
import { openPullStep } from './pr-step.js';
import type { StepContext, StepEnd } from './step-context.js';

function readInWorkspace(c: StepContext, path: string, what: string): string {
  const abs = insideWorkspace({ root: c.app.ws.root }, join(c.app.ws.root, path), path);
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    throw new PtError('ops/no-file', `Cannot read ${what} ${path}: ${(e as Error).message}`, {
      hint:
        what === 'the audit'
          ? 'Save it first: npm audit --json > audit.json'
          : 'Run it where package.json is.',
      location: { file: path },
      exit: EXIT.conflict,
    });
  }
}

/** The findings of npm audit saved in a file of the workspace. */
function auditTriage(c: StepContext, auditPath: string): SecurityTriage {
  const path = interpolate(auditPath, c.vars);
  return triageAudit(
    readInWorkspace(c, path, 'the audit'),
    readInWorkspace(c, 'package.json', 'package.json'),
    path,
  );
}

/** The forge's open Dependabot alerts, all read before anything is written. */
async function alertTriage(c: StepContext): Promise<SecurityTriage> {
  if (!c.forge) throw new Error('a security step with the dependabot source runs with the forge open');
  const pkg = readInWorkspace(c, 'package.json', 'package.json');
  const alerts = await c.forge.listSecurityAlerts();
  c.log.info('security', `${alerts.length} open Dependabot alert(s) on ${c.forge.repo}`);
  return triageAlerts(alerts, pkg);
}

/**
 * The security split: fixes that can land by themselves become one pull request (package.json) with
 * the template's checks as gates; whatever needs a person becomes a pending "Security Review" gate
 * listing it. The findings are npm audit's (a file) or the forge's Dependabot alerts.
 */
export async function securityStep(
  c: StepContext,
  step: { audit: string; source?: SecuritySource },
): Promise<StepEnd> {
  const triage = step.source === 'dependabot' ? await alertTriage(c) : auditTriage(c, step.audit);
  for (const f of triage.fixes)
    c.log.info('security', `Fix: ${f.name} ${f.from} -> ${f.to} (${f.severity})`, f);
  for (const r of triage.review)
    c.log.add({
      level: 'warn',
      source: 'security',
      message: `Manual triage required: ${r.name} (${r.severity}, ${r.why})`,
      data: r,
    });
  if (triage.packageJson)
    await openPullStep(
      c,
      {
        title: `chore: security update of ${triage.fixes.map((f) => f.name).join(', ')}`,
        body: triage.fixes
          .map((f) => `- ${f.name} ${f.from} -> ${f.to} (${f.severity}) ${f.advisories.join(' ')}`)
          .join('\n'),
        branch: `ops/security-${c.vars['run.short']}`,
        files: [{ path: 'package.json', content: triage.packageJson }],
      },
      c.plan.checks,
    );
  if (triage.review.length) {
    await addGates(
      c.x,
      c.run.id,
      [{ name: SECURITY_REVIEW_GATE, details: { requiresManualReview: true, items: triage.review } }],
      c.actor,
    );
    notifyRunChange({ type: 'gate', run: c.run.id, gate: SECURITY_REVIEW_GATE, status: 'pending' });
  }
  if (!triage.fixes.length && !triage.review.length)
    c.log.add({ level: 'success', source: 'security', message: 'No vulnerabilities reported' });
  return { ok: true };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, insideWorkspace, PtError } from '../../base/index.js';
import { interpolate, SECURITY_REVIEW_GATE, triageAudit } from '../../domain/ops/index.js';
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

/**
 * The security split: fixes that can land by themselves become one pull request (package.json) with
 * the template's checks as gates; whatever needs a person becomes a pending "Security Review" gate
 * listing it.
 */
export async function securityStep(c: StepContext, auditPath: string): Promise<StepEnd> {
  const path = interpolate(auditPath, c.vars);
  const triage = triageAudit(
    readInWorkspace(c, path, 'the audit'),
    readInWorkspace(c, 'package.json', 'package.json'),
    path,
  );
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

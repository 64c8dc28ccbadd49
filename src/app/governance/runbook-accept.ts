import { PtError, writeFilesAtomic } from '../../base/index.js';
import {
  type GovFinding,
  loadRules,
  type Role,
  runPanel,
  spliceAccept,
} from '../../domain/governance/index.js';
import { type App, whoAmI, withDocsLock } from '../kernel/index.js';
import { nowIso } from './now.js';
import { builtinContext, openRunbook } from './open-runbook.js';

export interface RunbookAcceptArgs {
  id: string;
  /** Accept despite blocking findings or unticked boxes; the reason is recorded in the runbook. */
  override?: string;
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface RunbookAcceptResult {
  id: string;
  file: string;
  status: 'ACCEPTED';
  /** False when the runbook was already ACCEPTED (nothing written). */
  changed: boolean;
  by: string;
  at: string;
  override: string | null;
  /** What was still open when an override was used. */
  blocking: GovFinding[];
  unticked: Role[];
  written: boolean;
  content: string;
}

/**
 * The team's step from PROPOSED to ACCEPTED, guarded: the deterministic panel runs again (the
 * runbook may have changed since its review) and every box must be ticked, unless an override with a
 * reason is given, which is recorded with who and when.
 */
export async function runbookAccept(app: App, args: RunbookAcceptArgs): Promise<RunbookAcceptResult> {
  const env = args.env ?? process.env;
  const override = args.override?.trim() ?? null;
  if (args.override !== undefined && !override)
    throw new PtError('usage/empty-override', '--override needs a reason', {
      hint: 'Say why the runbook is accepted despite its findings: --override "reason".',
      exit: 2,
    });
  const { rb, path } = await openRunbook(app, args.id, { readOnly: !!args.dryRun });
  const by = whoAmI(app.ws.root, env);
  const at = nowIso(env);
  const base = { id: rb.id, file: rb.file, status: 'ACCEPTED' as const, by, at, override };
  if (rb.status === 'ACCEPTED')
    return { ...base, changed: false, blocking: [], unticked: [], written: false, content: rb.source };

  const panel = runPanel(rb, loadRules(app.ws.root), await builtinContext(app, rb));
  const blocking = panel.findings.filter((f) => f.severity === 'blocking');
  const unticked = rb.checklist.filter((c) => !c.ticked).map((c) => c.role);
  if ((blocking.length || unticked.length) && !override) {
    const parts = [
      ...(blocking.length ? [`${blocking.length} blocking finding${blocking.length === 1 ? '' : 's'}`] : []),
      ...(unticked.length ? [`unticked: ${unticked.map((r) => `@${r}`).join(', ')}`] : []),
    ];
    const first = blocking[0];
    throw new PtError('runbook/not-approved', `${rb.id} cannot be accepted: ${parts.join('; ')}`, {
      hint: `Fix the runbook and run "papertrail runbook review ${rb.id}" until every role approves; or accept anyway with --override "reason" (recorded with your name).`,
      location: first
        ? { file: first.file, line: first.line, column: first.column }
        : { file: rb.file, line: rb.checklist.find((c) => !c.ticked)?.line ?? 1 },
      exit: 1,
      details: { blocking, unticked },
    });
  }
  const outstanding = [
    ...(blocking.length
      ? [
          `${blocking.length} blocking finding(s) (${blocking.map((f) => `${f.rule}${f.role ? ` @${f.role}` : ''}`).join(', ')})`,
        ]
      : []),
    ...(unticked.length ? [`unticked ${unticked.map((r) => `@${r}`).join(', ')}`] : []),
  ];
  const entry = override
    ? `- ACCEPTED with an override by ${by} at ${at}. Reason: "${override.replace(/\s+/g, ' ')}".${outstanding.length ? ` Open at acceptance: ${outstanding.join('; ')}.` : ''}`
    : `- ACCEPTED by ${by} at ${at}; every role approved.`;
  const content = spliceAccept(rb, 'ACCEPTED', entry);
  // Accepted is what the panel just checked: a runbook edited meanwhile is refused, not accepted unseen.
  if (!args.dryRun) withDocsLock(app, () => writeFilesAtomic([{ path, content, expect: rb.source }]));
  return { ...base, changed: true, blocking, unticked, written: !args.dryRun, content };
}

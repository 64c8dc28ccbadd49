import { print, printJson, warn } from '../io.js';
import { terminalSafe } from '../terminal-safe.js';
import { openApp } from './shared.js';

interface Flags {
  json?: boolean;
  dryRun?: boolean;
}

export async function runbookNewCommand(story: string, flags: Flags & { force?: boolean }): Promise<number> {
  const app = await openApp();
  const { runbookNew } = await import('../../../app/governance/index.js');
  const r = await runbookNew(app, { story, force: flags.force, dryRun: flags.dryRun });
  if (flags.json) printJson({ ok: true, ...r, ...(flags.dryRun ? {} : { content: undefined }) });
  else {
    print(`${r.dryRun ? 'Would write' : 'Wrote'} ${r.file} (Status: PROPOSED) for ${r.id}: ${r.title}`);
    if (r.dryRun) print(r.content);
    else print(`Next: edit it with the team, then papertrail runbook review ${r.id}`);
  }
  return 0;
}

export async function runbookReviewCommand(
  id: string,
  flags: Flags & { ai?: boolean; sarif?: boolean },
): Promise<number> {
  const app = await openApp();
  const { runbookReview } = await import('../../../app/governance/index.js');
  const r = await runbookReview(app, { id, ai: flags.ai, dryRun: flags.dryRun });
  for (const w of r.warnings) warn(w);
  if (flags.sarif) {
    const [{ formatSarif }, gov, { VERSION }] = await Promise.all([
      import('../../../domain/lint/index.js'),
      import('../../../domain/governance/index.js'),
      import('../../../base/version.js'),
    ]);
    const rules = gov.loadRules(app.ws.root).rules;
    process.stdout.write(
      terminalSafe(formatSarif(gov.toLintFindings(r.findings), VERSION, gov.describeGovRule(rules))),
    );
  } else if (flags.json) {
    printJson({ ok: r.blocking === 0, ...r, content: flags.dryRun ? r.content : undefined });
  } else {
    print(
      `${flags.dryRun ? 'Reviewed (dry run, nothing written)' : 'Reviewed'} ${r.file} (${r.status}): ${r.blocking} blocking, ${r.advisory} advisory`,
    );
    for (const v of r.roles)
      print(
        `  @${v.role.padEnd(14)} ${v.approved ? '[x] approved         ' : v.blocking ? '[ ] changes requested' : '[ ] on hold          '}  ${v.blocking} blocking, ${v.advisory} advisory (${v.rules} rule${v.rules === 1 ? '' : 's'})`,
      );
    for (const f of r.findings)
      print(
        `${f.file}:${f.line}:${f.column} ${f.severity}${f.source === 'ai' ? ' (AI)' : ''} ${f.rule}${f.role ? ` @${f.role}` : ''}: ${f.message}`,
      );
    if (r.prose.length) print(`Prose only (not machine-checked): ${r.prose.join(', ')}`);
    print(
      r.blocking
        ? `Next: fix the runbook, then papertrail runbook review ${r.id}`
        : r.status === 'ACCEPTED'
          ? 'The runbook is ACCEPTED.'
          : `Next: papertrail runbook accept ${r.id}`,
    );
  }
  return r.blocking ? 1 : 0;
}

export async function runbookAcceptCommand(
  id: string,
  flags: Flags & { override?: string },
): Promise<number> {
  const app = await openApp();
  const { runbookAccept } = await import('../../../app/governance/index.js');
  const r = await runbookAccept(app, { id, override: flags.override, dryRun: flags.dryRun });
  if (flags.json) printJson({ ok: true, ...r, content: flags.dryRun ? r.content : undefined });
  else if (!r.changed) print(`${r.file} is already ACCEPTED; nothing changed.`);
  else {
    print(
      `${flags.dryRun ? 'Would accept' : 'Accepted'} ${r.file}: Status: ACCEPTED (by ${r.by} at ${r.at}${r.override ? `, override: "${r.override}"` : ''})`,
    );
    if (r.override && (r.blocking.length || r.unticked.length))
      warn(
        `accepted with ${r.blocking.length} blocking finding(s) and ${r.unticked.length} unticked box(es); the override is recorded in the runbook`,
      );
  }
  return 0;
}

export async function checkCommand(flags: { json?: boolean; constitution?: string }): Promise<number> {
  const app = await openApp();
  const { constitutionCheck } = await import('../../../app/governance/index.js');
  const r = constitutionCheck(app, { file: flags.constitution });
  if (flags.json) printJson(r);
  else {
    for (const w of r.warnings) warn(w);
    const { renderGateTable } = await import('../../../domain/governance/index.js');
    print(renderGateTable(r).trimEnd());
  }
  return r.ok ? 0 : 1;
}

export async function governanceInitCommand(flags: Flags): Promise<number> {
  const app = await openApp();
  const { governanceInit } = await import('../../../app/governance/index.js');
  const r = governanceInit(app, { dryRun: flags.dryRun });
  if (flags.json) printJson({ ok: true, ...r });
  else {
    for (const f of r.files)
      print(
        f.action === 'create'
          ? `${r.dryRun ? 'would write' : 'wrote'} ${f.path}`
          : `kept ${f.path}: ${f.because}`,
      );
    const made = r.files.filter((f) => f.action === 'create').length;
    print(
      made
        ? `Next: read and adapt them with the team, then papertrail check`
        : 'Nothing to do: the workspace has its constitution and rules.',
    );
  }
  return 0;
}

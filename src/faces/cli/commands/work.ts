import { print, printJson } from '../io.js';
import { openApp } from './shared.js';

export async function nextCommand(flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  const { loadImplementingSpec, nextIssue } = await import('../../../app/workflow/plan/index.js');
  const { openForge } = await import('../../../app/workflow/forge.js');
  const spec = loadImplementingSpec(app);
  const { forge, close } = await openForge(app);
  try {
    const r = await nextIssue(forge, spec.spec.id);
    if (flags.json)
      printJson({
        ok: true,
        next: r.issue ? { number: r.issue.number, title: r.issue.title, key: r.key } : null,
        blocked: r.blocked,
      });
    else if (r.issue)
      print(`#${r.issue.number} ${r.issue.title} (${r.key})\nNext: papertrail implement ${r.issue.number}`);
    else
      print(
        r.blocked.length
          ? `Nothing is ready. Waiting: ${r.blocked.map((b) => `#${b.number} on ${b.waitingFor.map((w) => `#${w}`).join(', ')}`).join('; ')}`
          : 'Every issue is closed.',
      );
    return 0;
  } finally {
    await close();
  }
}

export async function implementCommand(
  issueArg: string | undefined,
  flags: { json?: boolean; base?: string; dryRun?: boolean },
): Promise<number> {
  const app = await openApp();
  const { loadImplementingSpec } = await import('../../../app/workflow/plan/index.js');
  const { openForge } = await import('../../../app/workflow/forge.js');
  const { implement } = await import('../../../app/workflow/implement.js');
  const spec = loadImplementingSpec(app);
  const issue = issueArg === undefined ? undefined : Number(issueArg.replace(/^#/, ''));
  if (issue !== undefined && !Number.isInteger(issue)) {
    const { PtError } = await import('../../../base/errors.js');
    throw new PtError('usage/bad-issue', `"${issueArg}" is not an issue number`, { exit: 2 });
  }
  const { forge, close } = await openForge(app);
  try {
    const r = await implement(app, forge, spec, { issue, base: flags.base, dryRun: flags.dryRun });
    if (flags.json) printJson({ ok: true, ...r });
    else if (r.dryRun && r.pullRequest.number === null) {
      print(`Would start #${r.issue} on branch ${r.branch} (dry run, nothing written)`);
      print(`Draft PR: ${r.pullRequest.title} (${r.pullRequest.head} → ${r.pullRequest.base})`);
    } else {
      print(`${r.created ? 'Started' : 'Already started'}: #${r.issue} on branch ${r.branch}`);
      print(
        `Draft PR #${r.pullRequest.number}: ${r.pullRequest.title} (${r.pullRequest.head} → ${r.pullRequest.base})`,
      );
    }
    return 0;
  } finally {
    await close();
  }
}

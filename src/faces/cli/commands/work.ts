import type { App } from '../../../app/workflow/context.js';
import { PtError } from '../../../base/errors.js';
import type { ForgePort } from '../../../ports/forge/index.js';
import { print, printJson } from '../io.js';
import { openApp } from './shared.js';

export async function nextCommand(flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  const { loadImplementingSpec, nextIssue, nothingNext } = await import(
    '../../../app/workflow/plan/index.js'
  );
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
        tracking: r.tracking,
        ...(r.issue ? {} : { hint: nothingNext(r, spec.spec.id) }),
      });
    else if (r.issue)
      print(`#${r.issue.number} ${r.issue.title} (${r.key})\nNext: papertrail implement ${r.issue.number}`);
    else print(nothingNext(r, spec.spec.id));
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
  const issue = issueArg === undefined ? undefined : numberArg(issueArg, 'an issue');
  const { forge, close } = await openForge(app, { readOnly: !!flags.dryRun });
  try {
    const r = await implement(app, forge, spec, { issue, base: flags.base, dryRun: flags.dryRun });
    if (flags.json) {
      printJson({ ok: true, ...r });
      return 0;
    }
    if (r.contexts.length) {
      const { contextLines } = await import('../../../app/workflow/plan/index.js');
      print('Spec dependencies (read-only clones):');
      for (const line of contextLines(r.contexts)) print(line);
      print('');
    }
    if (r.dryRun && r.pullRequest.number === null) {
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

function numberArg(arg: string, what: string): number {
  const n = Number(arg.replace(/^#/, ''));
  if (!Number.isInteger(n) || n < 1)
    throw new PtError('usage/bad-number', `"${arg}" is not ${what} number`, {
      hint: 'Give the number without #, like 2.',
      exit: 2,
    });
  return n;
}

async function withForge<T>(
  fn: (app: App, forge: ForgePort) => Promise<T>,
  opts: { readOnly?: boolean } = {},
): Promise<T> {
  const app = await openApp();
  const { openForge } = await import('../../../app/workflow/forge.js');
  const { forge, close } = await openForge(app, opts);
  try {
    return await fn(app, forge);
  } finally {
    await close();
  }
}

export async function prReadyCommand(arg: string, flags: { json?: boolean }): Promise<number> {
  const n = numberArg(arg, 'a pull request');
  const { prReady } = await import('../../../app/workflow/pull-request.js');
  const r = await withForge((_app, forge) => prReady(forge, n));
  if (flags.json) printJson({ ok: true, ...r });
  else print(r.changed ? `#${n} is ready for review.` : `#${n} was not a draft; nothing changed.`);
  return 0;
}

export async function prMergeCommand(
  arg: string,
  flags: { json?: boolean; dryRun?: boolean },
): Promise<number> {
  const n = numberArg(arg, 'a pull request');
  const { prMerge } = await import('../../../app/workflow/pull-request.js');
  const r = await withForge((app, forge) => prMerge(app, forge, n, { dryRun: flags.dryRun }), {
    readOnly: !!flags.dryRun,
  });
  if (flags.json) printJson({ ok: true, ...r });
  else {
    const issues = r.closed.map((i) => `#${i}`).join(', ');
    print(
      r.dryRun
        ? `Would merge #${n} (${r.head} → ${r.base})${issues ? ` and close ${issues}` : ''} (dry run, nothing written)`
        : `Merged #${n} (${r.head} → ${r.base}) as ${r.commit!.slice(0, 7)}${issues ? `; closed ${issues}` : ''}`,
    );
    for (const s of r.skipped)
      print(`  #${s.number}: ${s.why === 'closed' ? 'already closed' : 'no such issue on the forge'}`);
    if (!r.dryRun) print('Next: papertrail next');
  }
  return 0;
}

export async function issueStateCommand(
  arg: string,
  to: 'open' | 'closed',
  flags: { json?: boolean; notPlanned?: boolean },
): Promise<number> {
  const n = numberArg(arg, 'an issue');
  const { setIssueState } = await import('../../../app/workflow/issue-state.js');
  const r = await withForge((_app, forge) =>
    setIssueState(
      forge,
      n,
      to === 'open' ? { state: 'open' } : { state: 'closed', notPlanned: flags.notPlanned },
    ),
  );
  if (flags.json) printJson({ ok: true, ...r });
  else
    print(
      r.state === 'open'
        ? `#${n} is open again.`
        : `Closed #${n}${r.stateReason === 'not_planned' ? ' as not planned' : ''}. Next: papertrail next`,
    );
  return 0;
}

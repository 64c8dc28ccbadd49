import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, PtError, version, writeFilesAtomic } from '../../base/index.js';
import {
  type CiStrategy,
  cronProblem,
  EXECUTORS_WORKFLOW,
  executorsWorkflow,
  workflowOwner,
} from '../../domain/ci/index.js';
import { type App, insideApp, requireWorkspace } from '../kernel/index.js';

export interface CiInitArgs {
  strategy: CiStrategy;
  command: string;
  runsOn?: string;
  preClaim?: boolean;
  /** A cron line: the workflow also starts on that schedule. */
  schedule?: string;
  /** Replace a file at the workflow's path that ci init did not write, or that was edited since. */
  force?: boolean;
  dryRun?: boolean;
}

export interface CiInitResult {
  dryRun: boolean;
  strategy: CiStrategy;
  ledgerBranch: string;
  files: { path: string; action: 'create' | 'update' | 'unchanged' | 'replace'; content: string }[];
}

const DEFAULT_LEDGER_BRANCH = 'papertrail/ledger';

/** Writes (or shows) the executors' GitHub Actions workflow; a file ci init did not write is kept. */
export function ciInit(app: App, args: CiInitArgs): CiInitResult {
  requireWorkspace(app);
  if (args.command.includes('${{'))
    throw new PtError(
      'ci/expression-in-command',
      'The step command holds "${{", which GitHub would evaluate',
      {
        hint: 'Read values from the environment instead ($PAPERTRAIL_ATTEMPT, $PAPERTRAIL_ITEM, $PAPERTRAIL_STEP, $PAPERTRAIL_EXECUTOR).',
        exit: EXIT.usage,
      },
    );
  const cron = args.schedule?.trim().split(/\s+/).join(' ');
  const problem = cron === undefined ? null : cronProblem(cron);
  if (problem)
    throw new PtError(
      'ci/bad-schedule',
      `--schedule "${args.schedule}" is not a cron line GitHub takes: ${problem}`,
      {
        hint: 'Give five fields, minute hour day-of-month month day-of-week, like --schedule "*/30 * * * *".',
        exit: EXIT.usage,
      },
    );
  const ledgerBranch = app.ws.config.execution?.ledger?.branch ?? DEFAULT_LEDGER_BRANCH;
  const content = executorsWorkflow({
    strategy: args.strategy,
    command: args.command,
    ledgerBranch,
    version: version(),
    runsOn: args.runsOn ?? 'ubuntu-latest',
    preClaim: !!args.preClaim,
    ...(cron ? { schedule: cron } : {}),
  });
  const path = join(app.ws.root, EXECUTORS_WORKFLOW);
  insideApp(app, path, EXECUTORS_WORKFLOW);
  const before = readIfThere(path);
  const owner = before === null ? null : workflowOwner(before);
  if (before !== null && owner !== 'ours' && !args.force)
    throw new PtError(
      owner === 'edited' ? 'ci/edited' : 'ci/not-ours',
      owner === 'edited'
        ? `${EXECUTORS_WORKFLOW} was changed since papertrail ci init wrote it`
        : `${EXECUTORS_WORKFLOW} was not written by papertrail ci init`,
      {
        hint: 'Nothing was written. Move the file away, or run again with --force to replace it.',
        location: { file: EXECUTORS_WORKFLOW, line: 1, column: 1 },
        exit: EXIT.conflict,
      },
    );
  const action =
    before === null ? 'create' : before === content ? 'unchanged' : owner === 'ours' ? 'update' : 'replace';
  if (!args.dryRun && action !== 'unchanged') writeFilesAtomic([{ path, content, expect: before }]);
  return {
    dryRun: !!args.dryRun,
    strategy: args.strategy,
    ledgerBranch,
    files: [{ path: EXECUTORS_WORKFLOW, action, content }],
  };
}

function readIfThere(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PtError('fs/read-failed', `Could not read ${path}: ${String(e)}`, {
      hint: 'Check that it is a file you may read; nothing was written.',
      location: { file: path },
      exit: 4,
    });
  }
}

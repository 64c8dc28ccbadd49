import { PtError } from '../../../base/index.js';
import { abortOnInterrupt } from '../interrupt.js';
import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { table } from '../table.js';
import { type Cli, numberArg, openApp } from './shared.js';

/** Half an hour: a test suite fits, a hung one does not hold a check forever. */
const DEFAULT_TIMEOUT_SECONDS = 1800;

/** CI checks of a pull request: run one on the local forge, list them on any forge. */
export function registerChecks({ program, run }: Cli): void {
  const checks = program
    .command('checks')
    .description('CI checks of a pull request: run one on the local forge, list them on any forge');
  checks
    .command('run')
    .argument('<name>', 'the check, like test or lint')
    .argument('<command...>', 'the command, after --; one word is run as a shell script')
    .description('run a command as check NAME on a pull request of the local forge and record it')
    .option('--pr <number>', 'the pull request whose head the check is about')
    .option('--ref <ref>', 'a branch or commit instead of a pull request')
    .option('--timeout <seconds>', `kill the command after this long (default ${DEFAULT_TIMEOUT_SECONDS})`)
    .option('--dry-run', 'say which check would run where; run and record nothing')
    .option('--json', "machine-readable output (the command's own output goes to stderr)")
    .addHelpText(
      'after',
      '\nThe run is recorded in progress, then as success (exit 0), failure, timed_out or cancelled\n' +
        '(Ctrl-C), with its exit code and the end of its output (secrets redacted). A run left in\n' +
        'progress by a killed papertrail shows as such until the next run of that name replaces it.\n' +
        'The command runs in the workspace with PAPERTRAIL_CHECK_NAME, _REF and _SHA set.\n' +
        'Exit status: 0 when the check passed, 1 when it did not. On GitHub, checks come from\n' +
        'GitHub Actions: this refuses there (checks/not-local), and checks list reads them.\n\n' +
        'Example: papertrail checks run test --pr 5 --timeout 600 -- npm test',
    )
    .action((name, command, o) => run(checksRunCommand(name, command, o)));
  checks
    .command('list')
    .description("the checks of a pull request's head (latest run of each) and the CI gate's verdict")
    .option('--pr <number>', 'the pull request')
    .option('--ref <ref>', 'a branch or commit instead of a pull request')
    .option('--require <names>', 'checks that must pass, comma-separated (default: every check present)')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nThe gate fails when any check failed (failure, cancelled, timed_out, action_required, error),\n' +
        'is pending while a required check has not reported or any counted check is queued or\n' +
        'running, and passes when every counted check ended in success, neutral or skipped.',
    )
    .action((o) => run(checksListCommand(o)));
}

interface TargetFlags {
  pr?: string;
  ref?: string;
  json?: boolean;
}

function target(o: TargetFlags): { pr?: number; ref?: string } {
  return {
    ...(o.pr !== undefined ? { pr: numberArg(o.pr, 'a pull request') } : {}),
    ...(o.ref !== undefined ? { ref: o.ref } : {}),
  };
}

/** `#5 feature@abc1234`: the pull request, its head branch and commit. */
function where(r: { pr: number | null; ref: string; sha: string | null }): string {
  return `${r.pr ? `#${r.pr} ` : ''}${r.ref}${r.sha ? `@${r.sha.slice(0, 7)}` : ''}`;
}

/** One word is a shell script as given; several are quoted back into one command line. */
export function commandLine(words: string[]): string {
  if (words.length === 1) return words[0]!;
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function seconds(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0)
    throw new PtError('checks/bad-timeout', `--timeout must be a positive number of seconds, not "${raw}"`, {
      hint: 'For example --timeout 600 for ten minutes.',
      exit: 2,
    });
  return Math.round(s * 1000);
}

export async function checksRunCommand(
  name: string,
  words: string[],
  o: TargetFlags & { timeout?: string; dryRun?: boolean },
): Promise<number> {
  const timeoutMs = seconds(o.timeout);
  const { planCheck, runCheck } = await lazy.checksRun();
  const app = await openApp();
  if (o.dryRun) {
    const p = await planCheck(app, { name, command: commandLine(words), timeoutMs, ...target(o) });
    if (o.json) printJson({ ok: true, ...p });
    else print(`Would run check ${p.name} on ${where(p)}: ${p.command} (dry run, nothing run or written)`);
    return 0;
  }
  // Ctrl-C or SIGTERM kills the command (its own process group does not hear it) and records the run cancelled.
  const r = await abortOnInterrupt((signal) =>
    runCheck(app, {
      name,
      command: commandLine(words),
      timeoutMs,
      ...target(o),
      signal,
      onOutput: (chunk, stream) =>
        (o.json || stream === 'stderr' ? process.stderr : process.stdout).write(chunk),
    }),
  );
  if (o.json) printJson({ ok: r.conclusion === 'success', ...r });
  else {
    const exit = r.exitCode === null ? '' : ` (exit ${r.exitCode})`;
    print(`Check ${r.name} on ${where(r)}: ${r.conclusion}${exit}`);
  }
  return r.conclusion === 'success' ? 0 : 1;
}

export async function checksListCommand(o: TargetFlags & { require?: string }): Promise<number> {
  const required = o.require
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const { checksList } = await lazy.checksList();
  const app = await openApp();
  const r = await checksList(app, target(o), required?.length ? { required } : {});
  if (o.json) {
    printJson({ ok: true, ...r });
    return 0;
  }
  const on = r.pr ? `#${r.pr} (${r.ref})` : r.ref;
  if (r.checks.length === 0) print(`No checks on ${on} yet.`);
  else {
    // The local forge's checks have no page to link to: no empty column for them.
    const urls = r.checks.some((c) => c.url);
    const rows = [['NAME', 'STATUS', 'CONCLUSION', 'SOURCE', ...(urls ? ['URL'] : [])]];
    for (const c of r.checks)
      rows.push([c.name, c.status, c.conclusion ?? '', c.source, ...(urls ? [c.url ?? ''] : [])]);
    print(`Checks on ${on}:`);
    print(table(rows, { ...(process.stdout.isTTY ? { width: process.stdout.columns } : {}), flex: [0, 4] }));
  }
  print(`CI gate: ${r.gate.status}${r.gate.reasons.length ? ` (${r.gate.reasons.join('; ')})` : ''}`);
  return 0;
}

import type { EnvironmentRunners, RunnersStatus } from '../../../app/runners/index.js';
import type { PoolHealth } from '../../../domain/deploy/index.js';
import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { table } from '../table.js';
import { type Cli, openApp } from './shared.js';

/** `runners status`: the self-hosted runner pools of each deploy environment. */
export function registerRunners({ program, run }: Cli): void {
  const runners = program
    .command('runners')
    .description("self-hosted runners of the deploy environments' pools (GitHub Actions)");
  runners
    .command('status')
    .description("each environment's primary and secondary pools, their runners and a verdict")
    .option('--env <name>', 'only this environment')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nA runner is in a pool when it carries every label of the pool. A pool is ready when all its\n' +
        'runners are online and one is idle, degraded when some are offline or all are busy, and down\n' +
        'when none is online (a deploy then fails over to the secondary pool, or fails). Runners of the\n' +
        "repository and of its organisation are listed (the organisation's where the token may read them).\n" +
        'On the local forge there are no runners: deploys run their commands where Papertrail runs.',
    )
    .action((o) => run(runnersStatusCommand(o)));
}

export async function runnersStatusCommand(o: { env?: string; json?: boolean }): Promise<number> {
  const { runnersStatus } = await lazy.runners();
  const app = await openApp();
  const s = await runnersStatus(app, o.env !== undefined ? { env: o.env } : {});
  if (o.json) {
    printJson({ ok: true, ...s });
    return 0;
  }
  if (s.environments.length === 0) {
    print(
      'No environments in papertrail.yaml: add one under environments: (README, "Deploys: environments and runners").',
    );
    return 0;
  }
  if (s.forge === 'local') {
    print(
      'Local forge: deploys run their commands here, where Papertrail runs; there are no runners to check.',
    );
    print('');
  }
  s.environments.forEach((e, i) => {
    if (i > 0) print('');
    for (const line of environmentLines(s, e)) print(line);
  });
  return 0;
}

function environmentLines(s: RunnersStatus, e: EnvironmentRunners): string[] {
  const how = 'workflow' in e.deploy ? `workflow ${e.deploy.workflow}` : `command \`${e.deploy.command}\``;
  const controls = e.controls.length ? `; shared controls: ${e.controls.join(', ')}` : '';
  const out = [`${e.name}: deploy by ${how}, pickup within ${e.pickupMinutes}m${controls}`];
  if (s.forge === 'local') {
    out.push(
      'workflow' in e.deploy
        ? '  A workflow deploy needs forge: github; on the local forge give a command instead.'
        : '  Runs here, on this machine.',
    );
    return out;
  }
  if (!e.primary) {
    out.push(
      'workflow' in e.deploy
        ? "  No runner pools configured: the workflow's own runs-on decides where it runs."
        : '  No runner pools configured: the command runs where Papertrail runs.',
    );
    return out;
  }
  out.push(...poolLines(e.primary));
  out.push(
    ...(e.secondary
      ? poolLines(e.secondary)
      : ['  secondary: none pre-approved (a down primary pool fails the deploy)']),
  );
  return out;
}

function poolLines(p: PoolHealth): string[] {
  const head = `  ${p.pool} [${p.labels.join(', ')}]: ${p.verdict}`;
  if (p.runners.length === 0) return [`${head} (no runner carries these labels)`];
  const lines = [`${head} (${p.idle} idle, ${p.busy} busy, ${p.offline} offline)`];
  const rows = [['NAME', 'SCOPE', 'STATUS', 'BUSY', 'LABELS']];
  for (const r of p.runners)
    rows.push([
      r.name,
      r.scope === 'organization' ? 'org' : 'repo',
      r.state === 'offline' ? 'offline' : 'online',
      r.state === 'busy' ? 'yes' : 'no',
      r.labels.join(', '),
    ]);
  const width = process.stdout.isTTY ? { width: process.stdout.columns - 4 } : {};
  for (const l of table(rows, { ...width, flex: [4] }).split('\n')) lines.push(`    ${l}`);
  return lines;
}

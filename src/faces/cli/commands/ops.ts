import type { EventView, GateView, RunPlanView, RunSummary, RunView } from '../../../app/ops/index.js';
import { holdExit } from '../../../base/index.js';
import { abortOnInterrupt } from '../interrupt.js';
import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import { table } from '../table.js';
import type { Cli } from './shared.js';
import { openApp } from './shared.js';

/** `ops`: the control room's runs from the terminal (the HTTP server and web app are the same verbs). */
export function registerOps({ program, run }: Cli): void {
  const ops = program
    .command('ops')
    .description('runs from templates: live logs, CI gates, artifacts, approvals');
  common(
    ops
      .command('start')
      .argument('[template]', 'the run template (ops templates lists them)')
      .description('start a run of a template, or of the template an intent picks'),
  )
    .option(
      '--intent <text>',
      'say what the run is for; a template is picked by its keywords, else by the model of PAPERTRAIL_LLM_URL if set',
    )
    .option('--input <k=v>', 'an input (repeatable); a bare value is the first input', collect, [])
    .option('--env <env>', 'dev, staging or prod (default dev)')
    .addHelpText(
      'after',
      '\nThe template picked, its inputs, risk and approval are shown before the run starts; with\n' +
        '--dry-run only that. A high-risk run in prod waits for another person: ops approve RUN --reason.\n' +
        'Exit status: 0 when the run finished or waits, 1 when it failed.\n\n' +
        'Examples:\n  papertrail ops start spec --input "payment processing"\n' +
        '  papertrail ops start --intent "fix errors in auth service" --env prod',
    )
    .action((t, o) => run(startCommand(t, o)));
  ops
    .command('list')
    .description('runs, newest first')
    .option('--env <env>', 'only this environment')
    .option('--kind <kind>', 'only this kind (spec, incident, ...)')
    .option('--status <status>', 'only this status (waiting, queued, running, success, error, canceled)')
    .option('--json', 'machine-readable output')
    .action((o) => run(listCommand(o)));
  ops
    .command('show')
    .argument('<run>', 'the run: its id or the first 8 characters of it')
    .description('a run: phases, gates, artifacts, approvals and its log')
    .option(
      '--follow',
      'keep printing the log as it grows until the run finishes (on GitHub, and its CI gates are settled)',
    )
    .option('--json', 'machine-readable output (with --follow: one JSON line per log line)')
    .action((r, o) => run(showCommand(r, o)));
  ops
    .command('approve')
    .argument('<run>', 'the run that waits')
    .description('approve a waiting run ("Run Anyway"); never its requester; it runs at its quorum')
    .requiredOption('--reason <text>', 'why (recorded with who, when and the exact inputs)')
    .option('--json', 'machine-readable output')
    .action((r, o) => run(approveCommand(r, o)));
  ops
    .command('cancel')
    .argument('<run>', 'the run')
    .description('cancel a waiting, queued or running run')
    .option('--json', 'machine-readable output')
    .action((r, o) => run(cancelCommand(r, o)));
  ops
    .command('templates')
    .description('the run templates: built in and .papertrail/runs/*.yaml')
    .option('--json', 'machine-readable output')
    .action((o) => run(templatesCommand(o)));
}

const MARK: Record<string, string> = {
  success: '[ok]',
  pass: '[ok]',
  error: '[x]',
  fail: '[x]',
  running: '[..]',
  pending: '[..]',
  skipped: '[-]',
};
const mark = (s: string) => MARK[s] ?? '[  ]';

function eventLine(e: EventView): string {
  return `${e.ts.slice(11, 19)} ${e.level.padEnd(7)} ${e.source}: ${e.message}`;
}

function planText(p: RunPlanView): string {
  const by = p.pickedBy;
  const picked =
    by.by === 'intent'
      ? ` (picked for "${by.intent}" by ${by.words.join(', ') || 'default'}${by.modelSaid ? `; the model did not choose: ${by.modelSaid}` : ''})`
      : by.by === 'model'
        ? ` (picked for "${by.intent}" by the model ${by.model})`
        : '';
  const inputs = Object.entries(p.input)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const lines = [
    `Template ${p.template.slug}: ${p.template.title}${picked}`,
    `  env ${p.env}, risk ${p.risk.level}${p.risk.codes.length ? ` (${p.risk.codes.join(', ')})` : ''}${inputs ? `, inputs ${inputs}` : ''}`,
  ];
  if (p.approval.required)
    lines.push(
      `  waits for approval: ${p.approval.quorum} approver(s), denied after ${p.approval.timeoutMinutes} min`,
    );
  for (const ph of p.phases) lines.push(`  ${ph.name}: ${ph.steps.map((s) => s.title).join('; ')}`);
  if (p.checks.length) lines.push(`  CI gates: ${p.checks.map((c) => `CI: ${c}`).join(', ')}`);
  return lines.join('\n');
}

function gatesText(gates: GateView[]): string[] {
  return gates.map((g) => `  ${mark(g.status)} ${g.name.padEnd(20)} ${g.status}${g.url ? `  ${g.url}` : ''}`);
}

function runText(r: RunView): string {
  const lines = [
    `Run ${r.short} ${r.template} in ${r.env}: ${r.status}${r.errorMessage ? ` (${r.errorMessage})` : ''}`,
  ];
  for (const p of r.phases) lines.push(`  ${mark(p.state)} ${p.name}`);
  if (r.gates.length) lines.push('Gates:', ...gatesText(r.gates));
  const links = r.artifacts.filter((a) => a.kind === 'link');
  if (links.length) lines.push('Artifacts:', ...links.map((a) => `  ${a.title}: ${a.value}`));
  if (r.approvals.length)
    lines.push('Approvals:', ...r.approvals.map((a) => `  ${a.approver} at ${a.approvedAt}: ${a.reason}`));
  if (r.status === 'waiting')
    lines.push(
      `Waits for approval until ${r.approvalDeadline}: papertrail ops approve ${r.short} --reason TEXT (not ${r.requestedBy})`,
    );
  return lines.join('\n');
}

async function deps() {
  return (await lazy.opsDeps()).opsDeps();
}

/**
 * For a run this process runs: Ctrl-C or SIGTERM stops it where it is (its command's process group
 * is killed) and the interrupt's exit waits until it is recorded canceled. On Postgres nothing else
 * holds the exit, and a process ended at once would leave the run "running".
 */
function runInterruptible<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const release = holdExit({
    doing: 'recording the run under way canceled',
    cutShort: 'the run stays "running" in the store',
  });
  return abortOnInterrupt(fn).finally(release);
}

export async function startCommand(
  template: string | undefined,
  o: { intent?: string; input: string[]; env?: string; json?: boolean; dryRun?: boolean },
): Promise<number> {
  const [app, { planRunWithModel, startRun }, d] = await Promise.all([openApp(), lazy.ops(), deps()]);
  const req = {
    ...(template ? { template } : {}),
    ...(o.intent ? { intent: o.intent } : {}),
    input: o.input,
    ...(o.env ? { env: o.env } : {}),
  };
  if (o.dryRun) {
    const plan = await planRunWithModel(app, req, d);
    if (o.json) printJson({ ok: true, dryRun: true, plan });
    else print(`${planText(plan)}\n(dry run: nothing started)`);
    return 0;
  }
  const r = await runInterruptible((signal) =>
    startRun(app, req, d, {
      signal,
      ...(o.json
        ? {}
        : { onPlan: (p: RunPlanView) => print(planText(p)), onEvent: (e: EventView) => print(eventLine(e)) }),
    }),
  );
  if (o.json) printJson({ ok: r.run.status !== 'error', ...r });
  else print(runText(r.run));
  return r.run.status === 'error' ? 1 : 0;
}

export async function listCommand(o: {
  env?: string;
  kind?: string;
  status?: string;
  json?: boolean;
}): Promise<number> {
  const [app, { listOpsRuns }] = await Promise.all([openApp(), lazy.ops()]);
  const runs: RunSummary[] = await listOpsRuns(app, {
    ...(o.env ? { env: o.env } : {}),
    ...(o.kind ? { kind: o.kind } : {}),
    ...(o.status ? { status: o.status } : {}),
  });
  if (o.json) printJson({ ok: true, runs });
  else if (!runs.length) print('No runs.');
  else
    print(
      table([
        ['RUN', 'TEMPLATE', 'ENV', 'STATUS', 'RISK', 'BY', 'CREATED'],
        ...runs.map((r) => [
          r.short,
          r.template,
          r.env,
          r.status,
          r.risk,
          r.requestedBy,
          r.createdAt.slice(0, 19).replace('T', ' '),
        ]),
      ]),
    );
  return 0;
}

export async function showCommand(ref: string, o: { follow?: boolean; json?: boolean }): Promise<number> {
  const [app, { followRun, followRunGates, showRun }] = await Promise.all([openApp(), lazy.ops()]);
  if (o.follow) {
    await abortOnInterrupt(async (signal) => {
      // On GitHub the run's CI gates are read from its checks meanwhile, until none is pending.
      const failed = new AbortController();
      const gates = followRunGates(app, ref, {
        signal: AbortSignal.any([signal, failed.signal]),
        onMoved: (m) => {
          if (!o.json) print(`  gate ${m.gate.name}: ${m.gate.status}`);
        },
      });
      try {
        for await (const e of followRun(app, ref, { signal }))
          print(o.json ? JSON.stringify(e) : eventLine(e));
      } catch (e) {
        failed.abort();
        await gates.catch(() => {});
        throw e;
      }
      await gates;
    });
    if (o.json) return 0;
  }
  const r = await showRun(app, ref);
  if (o.json) printJson({ ok: true, ...r });
  else print(o.follow ? runText(r) : [runText(r), 'Log:', ...r.events.map(eventLine)].join('\n'));
  return 0;
}

export async function approveCommand(ref: string, o: { reason: string; json?: boolean }): Promise<number> {
  const [app, { approveRun }, d] = await Promise.all([openApp(), lazy.ops(), deps()]);
  const r = await runInterruptible((signal) =>
    approveRun(app, { run: ref, reason: o.reason }, d, {
      signal,
      ...(o.json ? {} : { onEvent: (e: EventView) => print(eventLine(e)) }),
    }),
  );
  if (o.json) printJson({ ok: r.run.status !== 'error', ...r });
  else {
    print(`Approved run ${r.run.short} (${r.approvals} of ${r.quorum}).`);
    print(runText(r.run));
  }
  return r.run.status === 'error' ? 1 : 0;
}

export async function cancelCommand(ref: string, o: { json?: boolean }): Promise<number> {
  const [app, { cancelRun }] = await Promise.all([openApp(), lazy.ops()]);
  const r = await cancelRun(app, { run: ref });
  if (o.json) printJson({ ok: true, run: r });
  else print(`Canceled run ${r.short}.`);
  return 0;
}

export async function templatesCommand(o: { json?: boolean }): Promise<number> {
  const [app, { opsTemplates }, d] = await Promise.all([openApp(), lazy.ops(), deps()]);
  const ts = opsTemplates(app, d);
  if (o.json) printJson({ ok: true, templates: ts });
  else
    print(
      table([
        ['TEMPLATE', 'KIND', 'RISK', 'INPUTS', 'SOURCE'],
        ...ts.map((t) => [
          t.slug,
          t.kind,
          t.risk.level,
          t.inputs.map((i) => `${i.name}${i.required ? '' : '?'}`).join(' '),
          t.source,
        ]),
      ]),
    );
  return 0;
}

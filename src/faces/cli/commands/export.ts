import type { MetricSet, Metrics } from '../../../domain/execution/index.js';
import { choiceOption } from '../choice-option.js';
import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { type Cli, openApp } from './shared.js';

/** `export`: the flow metrics of the executed plan, as JSON or CSV. */
export function registerExport({ program, run }: Cli): void {
  program
    .command('export')
    .description(
      'flow metrics from the handoff artifacts: lead time, cycle time per step, throughput, WIP, rework rate',
    )
    .addOption(choiceOption('--format <format>', 'output format', ['json', 'csv']).default('json'))
    .option('--from <time>', 'count events from this ISO 8601 time (default: all)')
    .option('--to <time>', 'count events before this ISO 8601 time (default: now)')
    .action((o) => run(exportCommand(o)));
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** One row per metric set; cycle times per step as `step=ms` pairs. */
export function metricsCsv(m: Metrics): string {
  const rows = [m.portfolio, ...m.workflows, ...m.items].map((s: MetricSet) =>
    [
      s.scope,
      s.key,
      s.leadTime === null ? '' : String(s.leadTime),
      Object.entries(s.cycleTimePerStep)
        .map(([k, v]) => `${k}=${v}`)
        .join(';'),
      String(s.throughput),
      String(s.WIP),
      String(s.reworkRate),
    ]
      .map(quote)
      .join(','),
  );
  return [`scope,key,leadTimeMs,cycleTimePerStepMs,throughput,WIP,reworkRate`, ...rows].join('\n');
}

export async function exportCommand(flags: {
  format: 'json' | 'csv';
  from?: string;
  to?: string;
}): Promise<number> {
  const app = await openApp();
  const { exportMetrics } = await lazy.execution();
  const m = await exportMetrics(app, {
    ...(flags.from ? { from: flags.from } : {}),
    ...(flags.to ? { to: flags.to } : {}),
  });
  if (flags.format === 'csv') print(metricsCsv(m));
  else printJson(m);
  return 0;
}

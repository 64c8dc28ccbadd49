import { choiceOption } from '../choice-option.js';
import { print } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerGraph({ program, run }: Cli): void {
  common(program.command('graph').description('requirements and specs as Mermaid, DOT or JSON'), {
    dryRun: false,
  })
    .addOption(
      choiceOption('--format <format>', 'output format', ['mermaid', 'dot', 'json']).default('mermaid'),
    )
    .addOption(
      choiceOption('--level <level>', 'what to draw', ['docs', 'requirements', 'all']).default('all'),
    )
    .option('--focus <id>', 'only what is connected to this document or requirement')
    .action((o) => run(graphCommand(o)));
}

/** The workspace's documents as a graph; trace reads the same one. */
export async function loadGraph() {
  const app = await openApp();
  const g = await lazy.graph();
  const { docsGraph } = await lazy.graphDocs();
  return { app, g, ...docsGraph(app) };
}

export async function graphCommand(flags: {
  format: 'mermaid' | 'dot' | 'json';
  level: 'docs' | 'requirements' | 'all';
  focus?: string;
  json?: boolean;
}): Promise<number> {
  const { g, graph } = await loadGraph();
  const opts = { level: flags.level, ...(flags.focus ? { focus: flags.focus } : {}) };
  if (flags.json || flags.format === 'json') print(g.toJson(graph, opts));
  else if (flags.format === 'dot') print(g.toDot(graph, opts));
  else print(g.toMermaid(graph, opts));
  return 0;
}

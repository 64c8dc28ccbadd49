import { choiceOption } from '../choice-option.js';
import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import type { Cli } from './shared.js';

export function registerInit({ program, run }: Cli): void {
  common(program.command('init').description('create papertrail.yaml and the document folders'))
    .option('--docs <dir>', 'docs root: docs (default) or decisions')
    .addOption(choiceOption('--forge <forge>', 'where issues and PRs live', ['local', 'github']))
    .option('--repo <org/name>', 'the GitHub repository (forge github)')
    .option('--author <name>', 'default author (repeatable)', collect)
    .option(
      '--tools <list>',
      'assistant files (MCP config, pt-* skills) to write: copilot,claude (default both) or none; in a workspace, adds the missing ones and replaces unchanged command files of earlier versions',
      collect,
    )
    .action((o) => run(initCommand(o)));
}

export async function initCommand(flags: {
  docs?: string;
  forge?: 'local' | 'github';
  repo?: string;
  author?: string[];
  tools?: string[];
  json?: boolean;
  dryRun?: boolean;
}): Promise<number> {
  const { initWorkspace } = await lazy.init();
  const { parseAssistants } = await lazy.assistant();
  const r = initWorkspace(process.cwd(), {
    docs: flags.docs,
    forge: flags.forge,
    repo: flags.repo ?? null,
    authors: flags.author,
    assistants: parseAssistants(flags.tools),
    // Asking for assistant files by name in an existing workspace adds the missing ones.
    addToExisting: flags.tools !== undefined,
    dryRun: flags.dryRun,
  });
  if (flags.json) printJson({ ok: true, ...r });
  else {
    print(`${r.dryRun ? 'Would create' : 'Created'}: ${r.created.join(', ') || 'nothing'}`);
    if (r.merged.length)
      print(`${r.dryRun ? 'Would add' : 'Added'} the papertrail server to: ${r.merged.join(', ')}`);
    if (r.skipped.length) print(`Skipped (already there, left unchanged): ${r.skipped.join(', ')}`);
    for (const m of r.manual)
      print(`${m.path} was left unchanged (${m.why}): add ${m.add} to register the papertrail server.`);
    if (r.replaced.length)
      print(
        `${r.dryRun ? 'Would replace' : 'Replaced'} by skills (unchanged files of an earlier version): ${r.replaced.join(', ')}`,
      );
    for (const l of r.legacy)
      print(
        `${l.path} was edited, so it was left as it is; the skill /${l.skill} replaces it: move your changes there and delete it.`,
      );
    print(`Next: "papertrail propose" writes your first proposal into ${r.config.docs}/proposals/.`);
  }
  return 0;
}

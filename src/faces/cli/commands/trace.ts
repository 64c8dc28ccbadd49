import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerTrace({ program, run }: Cli): void {
  common(
    program
      .command('trace')
      .argument('<id>', 'document or requirement ID')
      .description('what points at a document or requirement, and what it points at'),
    { dryRun: false },
  ).action((id, o) => run(traceCommand(id, o)));
}

export async function traceCommand(id: string, flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  const [{ traceDoc }, { formatWork }, g] = await Promise.all([lazy.trace(), lazy.traceWork(), lazy.graph()]);
  // In an implementing repository, also requirement → issue → branch → PR → state, from the forge and git.
  const r = await traceDoc(app, id);
  if (flags.json) printJson({ ok: true, ...r });
  else {
    print(g.formatTrace(r.trace));
    if (r.work) print(formatWork(r.work));
  }
  return 0;
}

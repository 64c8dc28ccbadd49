import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerShow({ program, run }: Cli): void {
  common(
    program
      .command('show')
      .argument('<id>', 'a document ID, or a requirement: SPEC-0001/REQ-002, or by name SPEC-0001#Monitoring')
      .description('show a document or one requirement'),
    { dryRun: false },
  ).action((id, o) => run(showCommand(id, o)));
}

export async function showCommand(id: string, flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  const { requirementRef, showDoc } = await lazy.show();
  const r = showDoc(app, id);
  if (flags.json) {
    const { source: _source, ...rest } = r;
    printJson({ ok: true, document: rest });
    return 0;
  }
  if (/[/#]/.test(id)) {
    for (const q of r.requirementList) {
      print(`${q.id ?? requirementRef(r.id, q)}${q.id ? `: ${q.name}` : ''}\n\n${q.statement}\n`);
      for (const s of q.scenarios)
        print(`Scenario: ${s.name}\n${s.steps.map((x) => `  ${x.keyword} ${x.text}`).join('\n')}\n`);
      if (q.dependsOn.length) print(`Depends on: ${q.dependsOn.join(', ')}`);
    }
    return 0;
  }
  print(r.source);
  return 0;
}

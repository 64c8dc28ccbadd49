import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { type Cli, openApp } from './shared.js';

export function registerToken({ program, run }: Cli): void {
  const token = program.command('token').description('API tokens for serve (kept hashed; shown once)');
  token
    .command('create')
    .requiredOption('--role <role>', 'viewer (reads), operator (runs work) or approver (decides gates)')
    .requiredOption('--name <name>', 'who or what uses it')
    .option('--json', 'machine-readable output')
    .action((o) => run(tokenCreateCommand(o)));
  token
    .command('list')
    .option('--json', 'machine-readable output')
    .action((o) => run(tokenListCommand(o)));
  token
    .command('revoke')
    .argument('<name>', 'the token to revoke')
    .option('--json', 'machine-readable output')
    .action((n, o) => run(tokenRevokeCommand(n, o)));
}

async function tokenCreateCommand(o: { role: string; name: string; json?: boolean }): Promise<number> {
  const { tokenCreate } = await lazy.access();
  const r = await tokenCreate(await openApp(), { name: o.name, role: o.role });
  if (o.json) printJson({ ok: true, ...r });
  else print(`Token ${r.name} (${r.role}), shown this once:\n${r.token}`);
  return 0;
}

async function tokenListCommand(o: { json?: boolean }): Promise<number> {
  const { tokenList } = await lazy.access();
  const rows = await tokenList(await openApp());
  if (o.json) printJson({ ok: true, tokens: rows });
  else if (!rows.length) print('No tokens.');
  else
    print(
      rows
        .map(
          (r) => `${r.name}\t${r.role}\t${r.revoked ? 'revoked' : 'live'}\t${r.createdAt} by ${r.createdBy}`,
        )
        .join('\n'),
    );
  return 0;
}

async function tokenRevokeCommand(name: string, o: { json?: boolean }): Promise<number> {
  const { tokenRevoke } = await lazy.access();
  const r = await tokenRevoke(await openApp(), name);
  if (o.json) printJson({ ok: true, ...r });
  else print(`Revoked ${r.name}.`);
  return 0;
}

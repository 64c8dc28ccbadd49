import { resolve } from 'node:path';
import { exitForSignal, registerSecret } from '../../../base/index.js';
import { handOverInterrupt } from '../interrupt.js';
import * as lazy from '../lazy.js';
import { type Cli, numberArg } from './shared.js';

export function registerServe({ program, run }: Cli): void {
  program
    .command('serve')
    .description('the HTTP API, live events and GitHub webhooks for this workspace')
    .option('--port <number>', 'the port (0: any free one)', '4400')
    .option(
      '--host <address>',
      'the address to listen on; beyond 127.0.0.1 every request needs a token',
      '127.0.0.1',
    )
    .option('--dir <path>', 'the workspace (default: the current folder)')
    .addHelpText(
      'after',
      '\nThe API: GET or POST /api/<verb> (work/list, work/schedule, gate/approve, gate/reject,\n' +
        'audit/verify, export, checks/list, ops/templates, ops/plan, ops/start, ops/list, ops/show,\n' +
        'ops/events, ops/approve, ops/cancel), GET /api/events and /api/ops/stream[?run=ID] (Server-Sent\n' +
        'Events), POST /webhooks/github (signed with PAPERTRAIL_WEBHOOK_SECRET), /healthz, /metrics.\n' +
        'Runs started or approved through it run in its process. While it runs on the embedded\n' +
        'store, other papertrail commands reach the store through it. Stop it with Ctrl-C.',
    )
    .action((o) => run(serveCommand(o)));
}

export async function serveCommand(flags: { port: string; host: string; dir?: string }): Promise<number> {
  const port = flags.port === '0' ? 0 : numberArg(flags.port, 'a port');
  const secret = process.env.PAPERTRAIL_WEBHOOK_SECRET || undefined;
  if (secret) registerSecret(secret);
  const { startServer } = await lazy.http();
  const running = await startServer({
    root: resolve(flags.dir ?? process.cwd()),
    port,
    host: flags.host,
    ...(secret ? { webhookSecret: secret } : {}),
  });
  process.stderr.write(`papertrail serve: ${running.url}\n`);
  await new Promise<void>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      // A second signal does not wait for the close (a deploy under way may take minutes), but the
      // process still exits through its exit handlers: the runs' process groups are killed and the
      // store's lock let go, as Node's own handling would not.
      if (stopping) process.exit(exitForSignal(signal));
      stopping = true;
      void running.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // Ctrl-C is how a server is stopped, not a command cut short: it closes and ends with 0.
    handOverInterrupt();
  });
  return 0;
}

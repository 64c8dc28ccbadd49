// The full CLI: every verb registers itself from its own module in commands/, in the order help lists them.
import type { Command } from 'commander';
import {
  registerAudit,
  registerBootstrap,
  registerCheck,
  registerChecks,
  registerCi,
  registerExport,
  registerExtend,
  registerGate,
  registerGovernance,
  registerGraph,
  registerImplement,
  registerInit,
  registerIssue,
  registerList,
  registerMcp,
  registerNext,
  registerOps,
  registerPlan,
  registerPr,
  registerPropose,
  registerRenumber,
  registerRequirement,
  registerRunbook,
  registerRunners,
  registerServe,
  registerShow,
  registerSpec,
  registerStandard,
  registerStatus,
  registerSync,
  registerToken,
  registerTrace,
  registerValidate,
  registerWork,
  registerWorkRun,
} from './commands/index.js';
import { stopOnInterrupt } from './interrupt.js';
import { tuneWasmForShortRun } from './jit.js';
import { newProgram, runProgram } from './program.js';

const VERBS = [
  registerInit,
  registerPropose,
  registerSpec,
  registerExtend,
  registerStandard,
  registerRequirement,
  registerStatus,
  registerBootstrap,
  registerPlan,
  registerNext,
  registerImplement,
  registerSync,
  registerPr,
  registerChecks,
  registerIssue,
  registerRunbook,
  registerGovernance,
  registerCheck,
  registerList,
  registerShow,
  registerRenumber,
  registerValidate,
  registerGraph,
  registerTrace,
  registerWork,
  registerWorkRun,
  registerCi,
  registerGate,
  registerOps,
  registerRunners,
  registerAudit,
  registerExport,
  registerMcp,
  registerServe,
  registerToken,
];

export function buildProgram(argv: string[], setCode: (n: number) => void): Command {
  const program = newProgram().addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 validation findings, 2 usage or bad input, 3 not found or conflict,\n' +
      '4 external failure, 130 interrupted (Ctrl-C), 141 output cut short (a reader such as head left),\n' +
      '143 stopped by SIGTERM.',
  );
  const cli = { program, argv, run: (p: Promise<number>) => p.then(setCode) };
  for (const register of VERBS) register(cli);
  return program;
}

/**
 * Verbs that serve until stopped, for which V8's defaults are right. Not `serve`: its embedded store
 * did each webhook's work no faster once V8 recompiled the database's WebAssembly with its optimising
 * compiler, and the recompiling took CPU from the requests (BENCHMARKS.md). It stops on Ctrl-C by
 * itself once it listens (serve.ts).
 */
const LONG_RUNNING = new Set(['mcp']);

/**
 * `work run` stops on Ctrl-C and SIGTERM by itself: it fails the attempt under way and says so as one
 * of its events, so with --json stdout stays one event a line, without the usual "Interrupted" error.
 */
const ownsSignals = (argv: string[]) => argv[0] === 'work' && argv[1] === 'run';

export async function main(argv: string[]): Promise<number> {
  // A server is stopped by its client: it keeps Node's own handling of signals.
  if (!LONG_RUNNING.has(argv[0] ?? '')) {
    tuneWasmForShortRun();
    if (!ownsSignals(argv)) stopOnInterrupt(argv.includes('--json'));
  }
  let code = 0;
  const program = buildProgram(argv, (n) => {
    code = n;
  });
  return runProgram(program, argv, () => code);
}

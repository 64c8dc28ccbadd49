// The full CLI: every verb registers itself from its own module in commands/, in the order help lists them.
import type { Command } from 'commander';
import { registerBootstrap } from './commands/bootstrap.js';
import { registerCheck } from './commands/check.js';
import { registerExtend } from './commands/extend.js';
import { registerGovernance } from './commands/governance.js';
import { registerGraph } from './commands/graph.js';
import { registerImplement } from './commands/implement.js';
import { registerInit } from './commands/init.js';
import { registerIssue } from './commands/issue.js';
import { registerList } from './commands/list.js';
import { registerMcp } from './commands/mcp.js';
import { registerNext } from './commands/next.js';
import { registerPlan } from './commands/plan.js';
import { registerPr } from './commands/pr.js';
import { registerPropose } from './commands/propose.js';
import { registerRenumber } from './commands/renumber.js';
import { registerRequirement } from './commands/requirement.js';
import { registerRunbook } from './commands/runbook.js';
import { registerShow } from './commands/show.js';
import { registerSpec } from './commands/spec.js';
import { registerStandard } from './commands/standard.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerTrace } from './commands/trace.js';
import { registerValidate } from './commands/validate.js';
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
  registerMcp,
];

export function buildProgram(argv: string[], setCode: (n: number) => void): Command {
  const program = newProgram().addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 validation findings, 2 usage or bad input, 3 not found or conflict,\n' +
      '4 external failure, 130 interrupted (Ctrl-C), 141 output cut short (a reader such as head left).',
  );
  const cli = { program, argv, run: (p: Promise<number>) => p.then(setCode) };
  for (const register of VERBS) register(cli);
  return program;
}

/** Verbs that serve until stopped, for which V8's defaults are right. */
const LONG_RUNNING = new Set(['mcp']);

export async function main(argv: string[]): Promise<number> {
  // A server is stopped by its client: it keeps Node's own handling of signals.
  if (!LONG_RUNNING.has(argv[0] ?? '')) {
    tuneWasmForShortRun();
    stopOnInterrupt(argv.includes('--json'));
  }
  let code = 0;
  const program = buildProgram(argv, (n) => {
    code = n;
  });
  return runProgram(program, argv, () => code);
}

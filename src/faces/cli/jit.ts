// V8 tunes its optimising compilers for long-running programs. A CLI command lasts a fraction of a
// second, and on a machine with few cores the background compile threads compete with the one
// thread doing the work; what they compile is used for milliseconds, if at all. Only code compiled
// after a call is affected, so each runs before the code it is about is loaded.
import { setFlagsFromString } from 'node:v8';

/**
 * TurboFan compiles a JS function after a short warm-up and inlines generously. With a longer warm-up
 * and a smaller inlining budget, a short run spends less time compiling code it will barely use
 * (BENCHMARKS.md).
 */
export function tuneJitForShortRun(): void {
  // V8 12 (Node 22 and later) has no such flag and would print "unrecognized flag" on stderr.
  if (Number(process.versions.v8.split('.')[0]) < 12) setFlagsFromString('--interrupt-budget=300000');
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
}

/**
 * V8 doubles its young generation (up to 16 MB per semi-space) as a program allocates. Each new page
 * is fresh memory, and where page faults are dear (as on the VMs the benchmarks run on) growing the
 * young generation cost more than the scavenges it saved. Keeping it at its first size reuses the
 * same warm pages, which made validate quicker and smaller (BENCHMARKS.md). Takes effect for growth
 * after the call.
 */
export function tuneHeapForShortRun(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * The embedded store is Postgres compiled to WebAssembly (~9 MB). V8 first compiles it with its fast
 * baseline compiler (Liftoff), then recompiles hot functions with TurboFan on background threads, and
 * process exit waits for those jobs. Staying on Liftoff makes a large plan and a re-plan quicker
 * (BENCHMARKS.md, bench/plan.mjs). A long-running process (the MCP server) keeps the default: it lives
 * long enough for the optimised code to pay off.
 */
export function tuneWasmForShortRun(): void {
  setFlagsFromString('--liftoff-only');
}

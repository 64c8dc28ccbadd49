// V8 tunes its optimising compilers for long-running programs. A CLI command lasts a fraction of a
// second, and on a machine with few cores the background compile threads compete with the one
// thread doing the work; what they compile is used for milliseconds, if at all. Only code compiled
// after a call is affected, so each runs before the code it is about is loaded.
import { setFlagsFromString } from 'node:v8';

/**
 * TurboFan compiles a JS function after a short warm-up and inlines generously. A longer warm-up and
 * a smaller inlining budget cut validate's CPU time by a fifth and its wall time by a tenth (measured
 * on the 5,000-spec benchmark corpus; see BENCHMARKS.md).
 */
export function tuneJitForShortRun(): void {
  // V8 12 (Node 22 and later) has no such flag and would print "unrecognized flag" on stderr.
  if (Number(process.versions.v8.split('.')[0]) < 12) setFlagsFromString('--interrupt-budget=300000');
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
}

/**
 * V8 doubles its young generation (up to 16 MB per semi-space) as a program allocates. Each new page
 * is fresh memory, and on the VMs this is measured on a page fault costs ~11 µs (touching 100 MB took
 * 0.28 s): growing the young generation cost more than the scavenges it saved. Keeping it at its
 * first size reuses the same warm pages: validate of 5,000 specs went from 0.65 s to 0.55 s and from
 * 88-97 MB to 68 MB peak memory (bench/run.mjs). Takes effect for growth after the call.
 */
export function tuneHeapForShortRun(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * The embedded store is Postgres compiled to WebAssembly (~9 MB). V8 first compiles it with its fast
 * baseline compiler (Liftoff), then recompiles hot functions with TurboFan on background threads, and
 * process exit waits for those jobs. Staying on Liftoff made a 500-requirement plan 0.4–0.6 s faster
 * and a re-plan 0.35 s faster (of 1.3–2.1 s; bench/plan.mjs). A long-running process (the MCP server)
 * keeps the default: it lives long enough for the optimised code to pay off.
 */
export function tuneWasmForShortRun(): void {
  setFlagsFromString('--liftoff-only');
}

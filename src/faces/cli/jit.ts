// V8 tunes its optimising compiler for long-running programs: it compiles a function with
// TurboFan after a short warm-up and inlines generously. A validate run lasts a fraction of a
// second, so at N=5000 TurboFan spent more CPU compiling (on a second thread, which a busy
// machine does not have to spare) than the optimised code saved. A longer warm-up and smaller
// inlining budget cut validate's CPU time by a fifth and its wall time by a tenth (measured on the
// 5,000-spec benchmark corpus; see BENCHMARKS.md). Only functions created after the call are
// affected, so it runs before the domain code is loaded.
import { setFlagsFromString } from 'node:v8';

export function tuneJitForShortRun(): void {
  setFlagsFromString('--interrupt-budget=300000');
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
}

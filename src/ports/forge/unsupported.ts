// The answer of an adapter asked for what its forge does not do (ForgePort's `branches` and `review`
// say which in advance): the code callers already handle for a missing link kind, and where the work
// is done instead.
import { PtError } from '../../base/index.js';

export function notOnThisForge(repo: string, what: string, hint: string): PtError {
  return new PtError('forge/unsupported', `The forge of ${repo} ${what}`, { hint, exit: 2 });
}

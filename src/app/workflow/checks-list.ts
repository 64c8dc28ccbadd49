// `checks list`: the CI checks of a pull request (or a ref) as its forge reports them, and the CI
// gate's verdict. Only reads: a read-only store on the local forge.
import {
  type App,
  type ChecksListResult,
  type CheckTarget,
  listCiChecks,
  withForge,
} from '../kernel/index.js';

export function checksList(
  app: App,
  target: CheckTarget,
  opts: { required?: string[] } = {},
): Promise<ChecksListResult> {
  return withForge(app, (forge) => listCiChecks(forge, target, opts), { readOnly: true });
}

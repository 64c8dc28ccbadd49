import { PtError } from '../../base/index.js';
import { loadImplementingSpec } from '../kernel/implementing/index.js';
import { type App, withForge } from '../kernel/index.js';

/**
 * The requirement key a plan issue carries in its hidden marker (opens the forge; local or GitHub).
 * A dry run opens it read-only, so looking an issue up never creates the store.
 */
export async function issueKey(app: App, n: number, opts: { readOnly?: boolean } = {}): Promise<string> {
  const { markerOf } = await import('../../domain/plan/index.js');
  const spec = loadImplementingSpec(app);
  return withForge(
    app,
    async (forge) => {
      const issue = (await forge.listIssues({ label: `spec:${spec.spec.id}` })).find((i) => i.number === n);
      if (!issue)
        throw new PtError(
          'story/not-found',
          `Story ISSUE-${n} does not exist: #${n} is not an issue of ${spec.spec.id}`,
          {
            hint: 'papertrail next shows the open requirement issues; run papertrail plan first if there are none.',
            exit: 3,
          },
        );
      const key = markerOf(issue.body);
      if (!key)
        throw new PtError('story/not-a-requirement', `#${n} was not created by papertrail plan`, {
          hint: 'Name a requirement issue (papertrail next lists them) or its requirement ID (SPEC-0001/REQ-002).',
          exit: 3,
        });
      return key;
    },
    opts,
  );
}

import { PtError, readText } from '../../base/index.js';
import { findRunbook } from './locate.js';
import { parseRunbook } from './runbook.js';

export interface RunbookGate {
  required: boolean;
  /** The runbook of the requirement, when there is one. */
  file: string | null;
  status: string | null;
}

/**
 * Where a runbook leads: implement follows an ACCEPTED runbook. When runbooks are `required`
 * (`governance.runbooks: required` in papertrail.yaml) an issue without one is refused; otherwise the
 * runbook is only linked from the pull request.
 */
export function runbookGate(
  where: { root: string; cwd: string; required: boolean },
  issue: number,
  key: string,
): RunbookGate {
  const { required } = where;
  const hit = findRunbook(where.root, where.cwd, key);
  if (!hit) {
    if (!required) return { required, file: null, status: null };
    throw new PtError(
      'implement/no-runbook',
      `#${issue} (${key}) has no runbook, and this workspace requires one`,
      {
        hint: `Write and review it first: papertrail runbook new ${key} (or ISSUE-${issue}), papertrail runbook review ${key}, papertrail runbook accept ${key}.`,
        exit: 3,
      },
    );
  }
  if (!required) {
    // Only a link for the pull request: a runbook that does not parse must not stop the work.
    try {
      return {
        required,
        file: hit.file,
        status: parseRunbook(readText(hit.path, hit.file), hit.file).status,
      };
    } catch {
      return { required, file: hit.file, status: null };
    }
  }
  const rb = parseRunbook(readText(hit.path, hit.file), hit.file);
  if (rb.status !== 'ACCEPTED')
    throw new PtError(
      'implement/runbook-not-accepted',
      `#${issue} (${key}): its runbook ${hit.file} is ${rb.status}, not ACCEPTED`,
      {
        hint: `papertrail runbook review ${key}, fix what the panel finds, then papertrail runbook accept ${key}.`,
        location: { file: hit.file, line: rb.statusLine },
        exit: 3,
      },
    );
  return { required, file: hit.file, status: rb.status };
}

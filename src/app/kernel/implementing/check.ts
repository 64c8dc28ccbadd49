// What `plan` refuses, as findings: the one check behind both `plan` (which stops on any) and
// `validate` in an implementing repository (which reports them), so CI catches what plan would refuse.
import { join } from 'node:path';
import { PtError } from '../../../base/index.js';
import type { Doc, IdScheme } from '../../../domain/docs/index.js';
import type { Finding } from '../../../domain/findings/index.js';
import { lintDocs } from '../../../domain/lint/index.js';
import { desiredPlan } from '../../../domain/plan/index.js';

/**
 * Problems that make a plan wrong. A reference to the decisions repository (the proposal a spec
 * implements, another spec) cannot resolve here and is not one of them.
 */
const BLOCKING =
  /^(requirement|scenario|graph|override|extension|frontmatter\/(yaml-syntax|duplicate-key|unclosed|not-a-map)|file)\//;

export interface ImplementingDocs {
  spec: Doc | null;
  extensions: Doc[];
  problems: Finding[];
}

/** The errors that make `plan` refuse this spec and its extensions; none means plan may go ahead. */
export function implementingSpecErrors(root: string, scheme: IdScheme, read: ImplementingDocs): Finding[] {
  const { spec, extensions, problems } = read;
  const set = {
    root,
    docsRoot: join(root, '.github/spec'),
    scheme,
    docs: spec ? [spec, ...extensions] : extensions,
    problems,
  };
  const errors = lintDocs(set).filter((f) => f.severity === 'error' && BLOCKING.test(f.code));
  if (!spec) {
    if (errors.length) return errors;
    if (problems[0]) return [{ ...problems[0], severity: 'error' }];
    return [
      {
        code: 'file/unreadable',
        severity: 'error',
        message: 'The spec cannot be read',
        file: '.github/spec/spec.md',
        hint: 'Copy the spec again with "papertrail bootstrap" in the decisions workspace.',
      },
    ];
  }
  if (errors.length) return errors;
  // What the planner itself refuses (a dependency outside this spec and its extensions, say).
  try {
    desiredPlan(
      spec,
      extensions.filter((e) => e.status !== 'deprecated'),
    );
  } catch (e) {
    if (!(e instanceof PtError)) throw e;
    return [
      {
        code: e.code,
        severity: 'error',
        message: e.message,
        file: e.location?.file ?? '.github/spec/spec.md',
        ...(e.location?.line ? { line: e.location.line, column: e.location.column ?? 1 } : {}),
        ...(e.hint ? { hint: e.hint } : {}),
      },
    ];
  }
  return [];
}

// The spec an implementing repository works from: `.github/spec/spec.md` and its extensions, which
// bootstrap copies there. plan, next, implement, trace and the runbooks of plan issues all start here.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PtError } from '../../../base/index.js';
import { type Doc, loadFile } from '../../../domain/docs/index.js';
import type { Finding } from '../../../domain/findings/index.js';
import type { App } from '../context.js';
import { implementingSpecErrors } from './check.js';

export interface ImplementingSpec {
  spec: Doc;
  extensions: Doc[];
}

/**
 * The spec and extension files of an implementing repository, read but not validated (unreadable ones
 * are in `problems`); null when there is no `.github/spec/spec.md`.
 */
export function readImplementingDocs(
  app: App,
): { spec: Doc | null; extensions: Doc[]; problems: Finding[] } | null {
  const root = app.ws.root;
  const specPath = join(root, '.github/spec/spec.md');
  if (!existsSync(specPath)) return null;
  const problems: Finding[] = [];
  const spec = loadFile(specPath, root, app.scheme, problems, { recordedId: app.ws.config.spec });
  const extDir = join(root, '.github/spec/extensions');
  const extensions = existsSync(extDir)
    ? readdirSync(extDir)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => loadFile(join(extDir, f), root, app.scheme, problems))
        .filter((d): d is Doc => d !== null)
    : [];
  return { spec, extensions, problems };
}

/** `.github/spec/spec.md` and `.github/spec/extensions/*.md` of an implementing repository, validated. */
export function loadImplementingSpec(app: App): ImplementingSpec {
  const root = app.ws.root;
  const read = readImplementingDocs(app);
  if (!read) {
    throw new PtError('plan/no-spec', 'No .github/spec/spec.md here: this is not a bootstrapped repository', {
      hint: 'Run "papertrail bootstrap SPEC-NNNN --dir PATH" in the decisions workspace, then plan inside PATH.',
      exit: 3,
    });
  }
  const { spec, extensions } = read;
  // The same check `validate` runs in an implementing repository.
  const errors = implementingSpecErrors(root, app.scheme, read);
  if (!spec || errors.length) {
    const first = errors[0];
    throw new PtError(
      'plan/invalid-spec',
      `The spec fails validation, so no issue was touched: ${first?.message ?? 'unreadable spec'}`,
      {
        hint: `Fix ${errors.length || 1} error(s) (papertrail validate lists them) and plan again.`,
        location: first
          ? { file: first.file, ...(first.line ? { line: first.line, column: first.column ?? 1 } : {}) }
          : { file: '.github/spec/spec.md' },
        exit: 1,
        details: errors,
      },
    );
  }
  return { spec, extensions: extensions.filter((e) => e.status !== 'deprecated') };
}

import { renderStandard } from '../../domain/docs/index.js';
import { type App, defaultAuthors, loadAll, newDocPathFor, nextId, requireWorkspace } from './context.js';
import { withDocsLock } from './doc-lock.js';
import type { StandardRequest } from './inputs.js';
import { refuseDuplicateTitle } from './propose.js';
import { checkThenWrite, type Written } from './write-doc.js';

type StandardOptions = { dryRun?: boolean; allowDuplicateTitle?: boolean };

export function createStandard(app: App, req: StandardRequest, opts: StandardOptions = {}): Written {
  requireWorkspace(app);
  return withDocsLock(app, () => createStandardLocked(app, req, opts), !opts.dryRun);
}

function createStandardLocked(app: App, req: StandardRequest, opts: StandardOptions): Written {
  const set = loadAll(app);
  refuseDuplicateTitle(set, 'standard', req.title, opts.allowDuplicateTitle);
  const id = nextId(app, set, 'standard');
  const { path, file } = newDocPathFor(app, 'standard', id, req.title, req.slug);
  const content = renderStandard(
    id,
    {
      title: req.title,
      appliesTo: req.applies_to,
      overview: req.overview,
      scopeIncludes: req.scope.includes,
      scopeExcludes: req.scope.excludes,
      rules: req.rules,
      gitignore: req.gitignore,
      scaffold: req.scaffold,
      enforcement: req.enforcement,
      authors: req.authors ?? defaultAuthors(app),
      reviewers: req.reviewers ?? [],
    },
    app.today,
  );
  return checkThenWrite(app, set, { id, path, file, content }, { dryRun: opts.dryRun, create: true });
}

import { renderStandard } from '../../domain/docs/index.js';
import { type App, defaultAuthors } from '../kernel/index.js';
import { createDocument, refuseDuplicateTitle, type Written } from '../kernel/write/index.js';
import type { StandardRequest } from './inputs.js';

type StandardOptions = { dryRun?: boolean; allowDuplicateTitle?: boolean };

export function createStandard(app: App, req: StandardRequest, opts: StandardOptions = {}): Written {
  return createDocument(app, opts, (set) => {
    refuseDuplicateTitle(set, 'standard', req.title, opts.allowDuplicateTitle);
    return {
      kind: 'standard',
      title: req.title,
      slug: req.slug,
      render: (id) =>
        renderStandard(
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
        ),
    };
  });
}

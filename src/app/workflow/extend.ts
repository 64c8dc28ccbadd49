import { PtError } from '../../base/index.js';
import { renderExtension } from '../../domain/docs/index.js';
import { type App, defaultAuthors, findDoc, relLink } from '../kernel/index.js';
import { createDocument, type Written } from '../kernel/write/index.js';
import type { ExtensionRequest } from './inputs.js';
import { toRequirementInputs } from './requirements-input.js';

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export function extendSpec(
  app: App,
  baseId: string,
  req: ExtensionRequest,
  opts: { dryRun?: boolean } = {},
): Written & { base: string } {
  return createDocument(app, opts, (set) => {
    const base = findDoc(app, set, baseId, ['spec']);
    if (base.status === 'deprecated') {
      throw new PtError('spec/deprecated', `${base.id} is deprecated and cannot be extended`, {
        hint: 'Extend the spec that replaced it.',
        exit: 3,
      });
    }
    const implementsId =
      req.implements ?? (typeof base.data.implements === 'string' ? base.data.implements : '');
    const proposal = implementsId ? findDoc(app, set, implementsId, ['proposal']) : null;
    const baseNames = new Map(base.requirements.map((r) => [norm(r.name), r]));
    for (const o of req.overrides) {
      if (!baseNames.has(norm(o.replaces))) {
        throw new PtError(
          'override/target-missing',
          `${base.id} has no requirement "${o.replaces}" to override`,
          {
            hint: `Requirements of ${base.id}: ${base.requirements.map((r) => r.name).join(', ') || 'none'}.`,
            exit: 2,
          },
        );
      }
    }
    const render = (id: string, file: string) => {
      const siblings = set.docs.filter(
        (d) => d.id === base.id || (d.kind === 'extension' && d.baseId === base.id),
      );
      const added = toRequirementInputs(req.added, app.scheme, { firstNumber: 1, existing: siblings });
      const overrides = toRequirementInputs(req.overrides, app.scheme, {
        firstNumber: added.length + 1,
        existing: siblings,
        baseSpec: base.id,
        known: new Set(req.added.map((a) => norm(a.name))),
      });
      return renderExtension(
        id,
        {
          title: req.title,
          overview:
            req.overview?.trim() ||
            `This extension ${req.added.length ? 'adds requirements to' : ''}${req.added.length && req.overrides.length ? ' and ' : ''}${req.overrides.length ? 'overrides requirements of' : ''} ${base.id}: ${base.title ?? ''}.`.replace(
              /\s+/g,
              ' ',
            ),
          extends: base.id,
          implements: implementsId,
          added,
          overrides,
          authors: req.authors ?? defaultAuthors(app),
          reviewers: req.reviewers ?? [],
        },
        app.today,
        { id: base.id, title: base.title ?? base.id, href: relLink(file, base.file) },
        proposal
          ? { id: proposal.id, title: proposal.title ?? proposal.id, href: relLink(file, proposal.file) }
          : null,
      );
    };
    return {
      kind: 'extension',
      title: req.title,
      slug: req.slug,
      base: base.id,
      render,
      also: { base: base.id },
    };
  });
}

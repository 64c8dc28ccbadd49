import { PtError } from '../../base/index.js';
import {
  findSection,
  insertRequirementText,
  maxRequirementNumber,
  renderRequirement,
  SECTION_ALIASES,
} from '../../domain/docs/index.js';
import { type App, findDoc, loadAll, requireWorkspace, withDocsLock } from '../kernel/index.js';
import { checkThenWrite, type Written } from '../kernel/write/index.js';
import type { RequirementRequest } from './inputs.js';
import { toRequirementInputs } from './requirements-input.js';

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Appends a requirement (with the next free ID) to a spec, or to an extension's Added Requirements. */
export function addRequirement(
  app: App,
  docId: string,
  req: RequirementRequest,
  opts: { dryRun?: boolean } = {},
): Written & { requirementId: string } {
  requireWorkspace(app);
  return withDocsLock(app, () => addRequirementLocked(app, docId, req, opts), !opts.dryRun);
}

function addRequirementLocked(
  app: App,
  docId: string,
  req: RequirementRequest,
  opts: { dryRun?: boolean },
): Written & { requirementId: string } {
  const set = loadAll(app);
  const doc = findDoc(app, set, docId, ['spec', 'extension']);
  if (doc.status === 'implemented' || doc.status === 'deprecated') {
    throw new PtError(
      'doc/closed',
      `${doc.id} is ${doc.status}; add the requirement to an extension instead`,
      { hint: `papertrail extend ${doc.kind === 'spec' ? doc.id : doc.baseId}`, exit: 3 },
    );
  }
  const section = findSection(
    doc,
    doc.kind === 'spec' ? SECTION_ALIASES.requirements : SECTION_ALIASES.added,
  );
  if (!section) {
    throw new PtError(
      'section/missing',
      `${doc.id} has no "## ${doc.kind === 'spec' ? 'Requirements' : 'Added Requirements'}" section to add to`,
      {
        hint: `Add the "## ${doc.kind === 'spec' ? 'Requirements' : 'Added Requirements'}" heading to ${doc.file}, then add the requirement again.`,
        location: { file: doc.file },
        exit: 1,
      },
    );
  }
  const family = set.docs.filter(
    (d) =>
      d.id === doc.id ||
      (doc.kind === 'spec' ? d.baseId === doc.id : d.id === doc.baseId || d.baseId === doc.baseId),
  );
  const [input] = toRequirementInputs([req], app.scheme, {
    firstNumber: maxRequirementNumber(doc.requirements) + 1,
    existing: family,
    known: new Set(doc.requirements.map((r) => norm(r.name))),
  });
  let content: string;
  const inSection = doc.requirements.filter((r) => r.start > section.start && r.start < section.end);
  if (inSection.length === 0) {
    // Replace a "None - …" placeholder rather than appending after it.
    const lines = doc.scanned.lines;
    const from = lines[section.start]!.end;
    const to = lines[section.end - 1]!.end;
    const eol = doc.source.includes('\r\n') ? '\r\n' : '\n';
    content = `${doc.source.slice(0, from)}${eol}${eol}${renderRequirement(input!).replace(/\n/g, eol).trimEnd()}${doc.source.slice(to)}`;
  } else {
    content = insertRequirementText(doc, section.end, renderRequirement(input!));
  }
  return {
    ...checkThenWrite(
      app,
      set,
      { id: doc.id, path: doc.path, file: doc.file, content },
      { dryRun: opts.dryRun },
    ),
    requirementId: `${doc.id}/${input!.id}`,
  };
}

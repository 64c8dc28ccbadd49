import {
  type Doc,
  type DocKind,
  findSection,
  headingId,
  SECTION_ALIASES,
  sectionText,
} from '../../docs/index.js';
import { keyPosition } from '../../markdown/index.js';
import { type DocRuleContext, finding } from './context.js';

type SectionKey = keyof typeof SECTION_ALIASES;

const REQUIRED_SECTIONS: Record<DocKind, SectionKey[]> = {
  proposal: ['problem', 'goals', 'nonGoals', 'options', 'recommendation'],
  spec: ['overview', 'requirements'],
  extension: ['overview'],
  standard: ['overview', 'standard'],
};

const SHOWN: Record<SectionKey, string> = {
  problem: 'Problem Statement',
  goals: 'Goals',
  nonGoals: 'Non-Goals',
  options: 'Proposed Direction',
  recommendation: 'Recommendation',
  overview: 'Overview',
  requirements: 'Requirements',
  added: 'Added Requirements',
  overridden: 'Overridden Requirements',
  specDependencies: 'Spec Dependencies',
  standard: 'Standard',
  scope: 'Scope',
};

const FOLDER: Record<DocKind, string> = {
  proposal: 'proposals',
  spec: 'specs',
  extension: 'specs',
  standard: 'standards',
};

export function structureRules(doc: Doc, ctx: DocRuleContext): void {
  checkTitle(ctx, doc);
  checkControls(ctx, doc);
  for (const key of REQUIRED_SECTIONS[doc.kind]) {
    const sec = findSection(doc, SECTION_ALIASES[key]);
    if (!sec) {
      ctx.report(
        finding(
          'section/missing',
          'error',
          doc,
          doc.titlePos,
          `Missing required section "## ${SHOWN[key]}"`,
          `Add a "## ${SHOWN[key]}" section to this ${doc.kind}.`,
        ),
      );
    } else if (key !== 'requirements' && !sectionText(doc, sec)) {
      ctx.report(
        finding(
          'section/empty',
          'warning',
          doc,
          sec,
          `Section "## ${sec.title}" is empty`,
          'Write its content or remove it if it does not apply.',
        ),
      );
    }
  }
  if (doc.kind === 'proposal') {
    for (const o of doc.options) {
      if (!o.pros.length || !o.cons.length) {
        ctx.report(
          finding(
            'proposal/option-pros-cons',
            'warning',
            doc,
            o,
            `Option "${o.title}" should list both **Pros:** and **Cons:**`,
            'Add "**Pros:**" and "**Cons:**" bullet lists under the option.',
          ),
        );
      }
    }
    if (findSection(doc, SECTION_ALIASES.options) && doc.options.length === 0) {
      ctx.report(
        finding(
          'proposal/no-options',
          'warning',
          doc,
          findSection(doc, SECTION_ALIASES.options),
          'No options are listed',
          'Add "### Option 1: Title" blocks with pros and cons.',
        ),
      );
    }
  }
  if (
    doc.kind === 'extension' &&
    !findSection(doc, SECTION_ALIASES.added) &&
    !findSection(doc, SECTION_ALIASES.overridden)
  ) {
    ctx.report(
      finding(
        'section/missing',
        'error',
        doc,
        doc.titlePos,
        'An extension needs "## Added Requirements" or "## Overridden Requirements"',
        'Add one of the two sections with its requirements.',
      ),
    );
  }
  const folder = doc.file.split('/').at(-2);
  if (folder && ['proposals', 'specs', 'standards'].includes(folder) && folder !== FOLDER[doc.kind]) {
    ctx.report(
      finding(
        'naming/wrong-folder',
        'warning',
        doc,
        { line: 1, column: 1 },
        `A ${doc.kind} belongs in "${FOLDER[doc.kind]}/", not "${folder}/"`,
        `Move the file to ${FOLDER[doc.kind]}/.`,
      ),
    );
  }
  if (
    doc.kind === 'extension' &&
    doc.baseId &&
    typeof doc.data.extends === 'string' &&
    doc.data.extends.trim() !== doc.baseId
  ) {
    ctx.report(
      finding(
        'id/extends-mismatch',
        'error',
        doc,
        doc.fm ? keyPosition(doc.fm, ['extends']) : { line: 1, column: 1 },
        `The file name says this extends ${doc.baseId} but "extends" says ${doc.data.extends}`,
        'Make the file name and "extends" agree.',
      ),
    );
  }
}

// C0 but tab and line ends (a YAML block title ends in one), DEL and C1: nothing a title needs, and
// what a terminal acts on (escape sequences).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Titles and requirement names are printed everywhere; a control character in one is flagged. */
function checkControls(ctx: DocRuleContext, doc: Doc): void {
  // `what` null: a requirement, named after its text only when the text has a control character.
  const check = (
    what: string | null,
    text: string | null | undefined,
    pos: () => { line: number; column: number } | null | undefined,
  ) => {
    const m = text ? CONTROL.exec(text) : null;
    if (!m) return;
    const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    ctx.report(
      finding(
        'title/control-character',
        'warning',
        doc,
        pos(),
        `${what ?? `Requirement "${text}"`} contains the control character ${code}`,
        'Remove it: a terminal acts on control characters (escape sequences), so Papertrail prints them as \\u escapes.',
      ),
    );
  };
  const fmTitle = doc.data.title;
  check('Title', doc.heading, () => doc.titlePos);
  check('Frontmatter title', typeof fmTitle === 'string' ? fmTitle : null, () =>
    doc.fm ? keyPosition(doc.fm, ['title']) : null,
  );
  for (const r of doc.requirements) if (CONTROL.test(r.name)) check(null, r.name, () => r);
}

function checkTitle(ctx: DocRuleContext, doc: Doc): void {
  if (!doc.heading) {
    ctx.report(
      finding(
        'title/missing',
        'error',
        doc,
        { line: doc.fm ? doc.fm.bodyLineIndex + 1 : 1, column: 1 },
        'Document has no "# Title" heading',
        `Add "# ${doc.id}: Title" after the frontmatter.`,
      ),
    );
    return;
  }
  const named = headingId(doc.heading);
  if (named && named !== doc.id) {
    ctx.report(
      finding(
        'id/mismatch',
        'error',
        doc,
        doc.titlePos,
        `Heading names ${named} but the document is ${doc.id}`,
        `Change the heading to "# ${doc.id}: ${doc.title ?? ''}".`,
      ),
    );
  }
  const fmId = doc.data.id;
  if (typeof fmId === 'string' && doc.fileId && fmId.trim() !== doc.fileId) {
    ctx.report(
      finding(
        'id/mismatch',
        'error',
        doc,
        doc.fm ? keyPosition(doc.fm, ['id']) : { line: 1, column: 1 },
        `Frontmatter id ${fmId} does not match the file name (${doc.fileId})`,
        'Make the frontmatter id and the file name agree (papertrail renumber fixes both).',
      ),
    );
  }
  const fmTitle = doc.data.title;
  if (typeof fmTitle === 'string' && doc.heading && !doc.heading.endsWith(fmTitle.trim())) {
    ctx.report(
      finding(
        'title/mismatch',
        'warning',
        doc,
        doc.titlePos,
        `Heading "${doc.heading}" does not match the frontmatter title "${fmTitle}"`,
        'Keep the heading and the frontmatter title the same.',
      ),
    );
  }
}

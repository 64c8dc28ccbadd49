// The steps every create verb (propose, spec, extend, standard) takes, in one place: under the
// workspace lock, read the documents, let the verb check its inputs against them, hand out the next
// free number, name the file after the title, render, check the whole workspace with the new document
// and write it.
import { PtError, slugify } from '../../../base/index.js';
import type { DocKind, DocSet } from '../../../domain/docs/index.js';
import { type App, loadAll, newDocPathFor, nextId, requireWorkspace } from '../context.js';
import { withDocsLock } from '../doc-lock.js';
import { checkThenWrite, type Written } from './write-doc.js';

/** A new document as a verb describes it, once its checks against the workspace have passed. */
export interface NewDocument<E extends object = object> {
  kind: DocKind;
  title: string;
  /** Names the file instead of the title. */
  slug?: string | undefined;
  /** The spec an extension extends: extensions are numbered per base spec. */
  base?: string;
  /** The document's text, given its ID and its workspace-relative file. */
  render(id: string, file: string): string;
  /**
   * Checks and writes the rendered document when the verb writes more with it (spec approving its
   * proposal in the same write); by default it is checked and written alone, as a new file.
   */
  write?(set: DocSet, doc: { id: string; path: string; file: string; content: string }): Written;
  /** What the verb adds to the result (the spec an extension extends, say). */
  also?: E;
}

/**
 * Creates a document with the next free number. `prepare` reads the documents (and refuses what is
 * wrong) before any number is handed out; everything from reading to writing happens under the
 * workspace lock, except on a dry run, which writes nothing.
 */
export function createDocument<E extends object = object>(
  app: App,
  opts: { dryRun?: boolean | undefined },
  prepare: (set: DocSet) => NewDocument<E>,
): Written & E {
  requireWorkspace(app);
  return withDocsLock(
    app,
    () => {
      const set = loadAll(app);
      const d = prepare(set);
      const id = nextId(app, set, d.kind, d.base);
      const { path, file } = newDocPathFor(app, d.kind, id, d.title, d.slug);
      const content = d.render(id, file);
      const written = d.write
        ? d.write(set, { id, path, file, content })
        : checkThenWrite(app, set, { id, path, file, content }, { dryRun: opts.dryRun, create: true });
      return { ...written, ...(d.also as E) };
    },
    !opts.dryRun,
  );
}

/** The documents of `kind` whose title makes the same file name as `title` ("ID (file)" each). */
export function similarTitles(set: DocSet, kind: string, title: string): string[] {
  const slug = slugify(title);
  // A title with no letter or digit slugs to nothing, like every other such title: compare it whole.
  const same = (d: (typeof set.docs)[number]) =>
    slug
      ? d.slug === slug || slugify(d.title ?? '') === slug
      : (d.title ?? '').trim().toLowerCase() === title.trim().toLowerCase();
  return set.docs.filter((d) => d.kind === kind && same(d)).map((d) => `${d.id} (${d.file})`);
}

/** Two documents of one kind with the same title are usually a mistake; `allow` says it is not. */
export function refuseDuplicateTitle(
  set: DocSet,
  kind: string,
  title: string,
  allow: boolean | undefined,
): void {
  const dup = similarTitles(set, kind, title);
  if (dup.length && !allow) {
    throw new PtError('doc/duplicate-title', `A ${kind} with this title already exists: ${dup.join(', ')}`, {
      hint: `Use a different title, review the existing ${kind} first, or pass --allow-duplicate to continue anyway.`,
      exit: 3,
    });
  }
}

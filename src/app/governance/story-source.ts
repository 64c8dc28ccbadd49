import { existsSync } from 'node:fs';
import { PtError, readText } from '../../base/index.js';
import type { Doc, Requirement } from '../../domain/docs/index.js';
import {
  findStoryFile,
  issueNumber,
  listStories,
  parseStoryFile,
  requirementStory,
  STORIES_DIR,
  type Story,
} from '../../domain/governance/index.js';
import { readImplementingDocs } from '../kernel/implementing/index.js';
import { type App, insideApp, loadAll } from '../kernel/index.js';

/** The specs a requirement story can come from: this implementing repository's, or the workspace's. */
export function specDocs(app: App): { docs: Doc[]; implementing: boolean } {
  const read = readImplementingDocs(app);
  if (read)
    return { docs: read.spec ? [read.spec, ...read.extensions] : read.extensions, implementing: true };
  if (!existsSync(app.ws.docsRoot)) return { docs: [], implementing: false };
  return {
    docs: loadAll(app).docs.filter((d) => d.kind === 'spec' || d.kind === 'extension'),
    implementing: false,
  };
}

function requirementRef(app: App, ref: string): { doc: string; req: string } | null {
  const r = ref.trim().toUpperCase();
  const full = app.scheme.requirementFull.exec(r);
  if (full) return { doc: full[1]!, req: full[2]! };
  // The file-name form SPEC-0001-REQ-001 (no "/").
  const m = new RegExp(`^(.+)-(${app.scheme.prefixes.requirement}-\\d{3,})$`).exec(r);
  if (m && app.scheme.docId.test(m[1]!)) return { doc: m[1]!, req: m[2]! };
  return null;
}

function findRequirement(
  app: App,
  ref: { doc: string; req: string },
  shown: string,
): { doc: Doc; req: Requirement } {
  const { docs } = specDocs(app);
  const doc = docs.find((d) => d.id === ref.doc);
  const req = doc?.requirements.find((x) => x.localId === ref.req);
  if (!doc || !req) {
    const known = docs.flatMap((d) =>
      d.requirements.filter((x) => x.localId).map((x) => `${d.id}/${x.localId}`),
    );
    throw new PtError(
      'story/not-found',
      `Story ${shown} does not exist: no requirement ${ref.doc}/${ref.req}`,
      {
        hint: known.length
          ? `Requirements: ${known.slice(0, 12).join(', ')}`
          : 'There is no spec here to take requirements from.',
        exit: 3,
      },
    );
  }
  return { doc, req };
}

export interface StoryLookup {
  /** Opens the forge when a story is given as a plan issue (ISSUE-2, #2). */
  issueKey?: (n: number) => Promise<string>;
}

/**
 * A story by ID: a story file under .agent/cache/stories/<SCOPE>/, a requirement (SPEC-0001/REQ-001),
 * or a plan issue (ISSUE-2), which stands for the requirement its hidden marker names.
 */
export async function resolveStory(app: App, ref: string, lookup: StoryLookup = {}): Promise<Story> {
  const id = ref.trim();
  const file = findStoryFile(app.ws.root, id);
  if (file) {
    // A story ID is no path: one with "../" (or a linked folder) must not read a file elsewhere.
    insideApp(app, file.path, file.file);
    return parseStoryFile(readText(file.path, file.file), file.file, file.scope, id);
  }
  const req = requirementRef(app, id);
  if (req) {
    const found = findRequirement(app, req, id);
    return requirementStory(found.doc, found.req);
  }
  const n = issueNumber(id);
  if (n !== null && lookup.issueKey) {
    const key = await lookup.issueKey(n);
    const r = requirementRef(app, key);
    if (!r)
      throw new PtError('story/not-a-requirement', `#${n} is not a requirement issue (its key is ${key})`, {
        hint: 'Runbooks are written for requirement issues; "papertrail next" lists them.',
        exit: 3,
      });
    const found = findRequirement(app, r, id);
    return requirementStory(found.doc, found.req, n);
  }
  const stories = listStories(app.ws.root);
  throw new PtError('story/not-found', `Story ${id} does not exist`, {
    hint: `A story is a file ${STORIES_DIR}/<SCOPE>/<STORY-ID>.md${stories.length ? ` (${stories.slice(0, 10).join(', ')})` : ''}, a requirement such as ${app.scheme.prefixes.spec}-0001/${app.scheme.prefixes.requirement}-001, or a plan issue such as ISSUE-2.`,
    exit: 3,
  });
}

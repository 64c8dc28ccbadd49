import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDoc, loadAll, openApp } from '../../../src/app/kernel/index.js';
import { indexDocs } from '../../../src/app/kernel/indexed/index.js';
import { checkThenWrite } from '../../../src/app/kernel/write/index.js';
import { setStatusInSource } from '../../../src/app/workflow/status.js';
import { isPtError, type PtError } from '../../../src/base/index.js';
import { seedWorkspace } from '../../helpers/cli.js';

function refusal(fn: () => unknown): PtError {
  try {
    fn();
  } catch (e) {
    if (isPtError(e)) return e;
    throw e;
  }
  throw new Error('expected a PtError');
}

// What a writer read is what it replaces: a document edited on disk after it was read (by an editor,
// which takes no lock) is refused, and a new document never lands on a file that appeared meanwhile.
describe('checkThenWrite', () => {
  it('refuses to overwrite a document changed on disk after it was read; an edit keeps its mode', () => {
    const ws = seedWorkspace({ spec: false });
    const app = openApp(ws);
    const set = loadAll(app);
    const doc = findDoc(app, set, 'PROP-0001');
    const edited = `${doc.source}\nA note saved by an editor.\n`;
    writeFileSync(doc.path, edited);
    chmodSync(doc.path, 0o600);

    const content = setStatusInSource(app, doc, 'review');
    const e = refusal(() =>
      checkThenWrite(app, set, { id: doc.id, path: doc.path, file: doc.file, content }, {}),
    );
    expect(e).toMatchObject({ code: 'doc/changed', exit: 3 });
    expect(readFileSync(doc.path, 'utf8')).toBe(edited);

    // Read again, the same edit goes through and keeps the editor's note.
    const fresh = findDoc(app, loadAll(app), 'PROP-0001');
    checkThenWrite(
      app,
      loadAll(app),
      { id: fresh.id, path: fresh.path, file: fresh.file, content: setStatusInSource(app, fresh, 'review') },
      {},
    );
    expect(readFileSync(doc.path, 'utf8')).toContain('A note saved by an editor.');
    expect(readFileSync(doc.path, 'utf8')).toMatch(/^status: review$/m);
    // The edit replaced the file; its owner's choice of permissions stays.
    expect(statSync(doc.path).mode & 0o777).toBe(0o600);
  });
});

// A refused write names its first error, so the errors keep the order the rules always reported them
// in (front matter, structure, IDs, requirements, references, links, status), whether the workspace
// was read whole or comes from the per-file index.
describe('checkThenWrite: the order of the errors it refuses with', () => {
  it("is the rules' order, from a DocSet and from the index alike", () => {
    const ws = seedWorkspace();
    const app = openApp(ws);
    const prop = findDoc(app, loadAll(app), 'PROP-0001');
    writeFileSync(prop.path, prop.source.replace(/^status: .*$/m, 'status: rejected'));
    const set = loadAll(app);
    const doc = findDoc(app, set, 'SPEC-0001');
    const content = doc.source
      .replace(/^status: .*$/m, 'status: approved')
      .replace(/^date: .*$/m, 'date: 2026-13-45')
      .replace(/^reviewers: \[\]$/m, 'reviewers: []\ndepends_on:\n  - SPEC-0099\nstandards:\n  - SPEC-0001')
      .replace('## Overview\n', '')
      .replace('SHALL', 'should');
    const w = { id: doc.id, path: doc.path, file: doc.file, content };
    const ix = indexDocs(app);
    for (const base of [set, { docs: ix.docs, unreadable: [], read: [doc] }]) {
      const e = refusal(() => checkThenWrite(app, base, w, { dryRun: true }));
      expect((e.details as { code: string }[]).map((f) => f.code)).toEqual([
        'frontmatter/bad-date',
        'section/missing',
        'requirement/no-shall',
        'ref/broken',
        'status/implements-rejected',
        'ref/wrong-kind',
      ]);
      expect(e.code).toBe('frontmatter/bad-date');
    }
  });
});

// A document rewritten in place keeps its place among the others, as validate reads it after the
// write: which of two files sharing an ID is reported depends on that order.
describe('checkThenWrite: a document that shares its ID with a later file', () => {
  it('changes status, as validate reports the duplicate on the later file before and after', () => {
    const ws = seedWorkspace();
    const app = openApp(ws);
    const original = findDoc(app, loadAll(app), 'SPEC-0001');
    writeFileSync(join(dirname(original.path), 'SPEC-0001-zzz-copy.md'), original.source);
    const set = loadAll(app);
    const doc = set.docs.find((d) => d.path === original.path)!;
    const w = { id: doc.id, path: doc.path, file: doc.file, content: setStatusInSource(app, doc, 'review') };
    for (const base of [set, { docs: indexDocs(app).docs, unreadable: [], read: [doc] }]) {
      expect(checkThenWrite(app, base, w, { dryRun: true })).toMatchObject({ file: doc.file, dryRun: true });
    }
  });
});

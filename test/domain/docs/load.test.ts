import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { idScheme, indexById, loadDocs, toPosix, walkMarkdown } from '../../../src/domain/docs/index.js';
import { lintDocs } from '../../../src/domain/lint/index.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/papertrail');
const scheme = idScheme();

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pt-load-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, content: string | Buffer): void {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
}

describe('walkMarkdown', () => {
  it('lists .md files depth-first in name order, skipping dot folders, node_modules and symlinks', () => {
    put('docs/specs/SPEC-0002-b.md', '');
    put('docs/specs/SPEC-0001-a.md', '');
    put('docs/proposals/PROP-0001-a.md', '');
    put('docs/.drafts/PROP-0009-x.md', '');
    put('docs/node_modules/x/PROP-0008-x.md', '');
    put('docs/specs/notes.txt', '');
    put('docs/specs/.SPEC-0001-a.md.123.tmp', '');
    mkdirSync(join(root, 'elsewhere'));
    put('elsewhere/SPEC-0005-linked.md', '');
    symlinkSync(join(root, 'elsewhere'), join(root, 'docs/linked'));
    symlinkSync(join(root, 'elsewhere/SPEC-0005-linked.md'), join(root, 'docs/specs/SPEC-0006-link.md'));
    expect(walkMarkdown(join(root, 'docs')).map((p) => toPosix(p.slice(root.length + 1)))).toEqual([
      'docs/proposals/PROP-0001-a.md',
      'docs/specs/SPEC-0001-a.md',
      'docs/specs/SPEC-0002-b.md',
    ]);
  });

  it('returns nothing for a missing folder', () => {
    expect(walkMarkdown(join(root, 'nope'))).toEqual([]);
  });
});

describe('loadDocs', () => {
  it('reads documents, skips templates and READMEs, and warns about names that match no pattern', () => {
    put('docs/proposals/PROP-0001-a.md', '---\nstatus: draft\n---\n# PROP-0001: A\n');
    put('docs/proposals/README.md', '# Proposals\n');
    put('docs/proposals/template.md', '# {title}\n');
    put('docs/specs/SPEC-template.md', '# {title}\n');
    put('docs/specs/index.md', '# Index\n');
    put('docs/specs/CHANGELOG.md', '# Changes\n');
    put('docs/specs/my-spec.md', '# Mine\n');
    const set = loadDocs(root, join(root, 'docs'), scheme);
    expect(set.docs.map((d) => [d.file, d.id, d.path])).toEqual([
      ['docs/proposals/PROP-0001-a.md', 'PROP-0001', join(root, 'docs/proposals/PROP-0001-a.md')],
    ]);
    expect(set.problems).toEqual([
      expect.objectContaining({
        code: 'naming/file-pattern',
        severity: 'warning',
        file: 'docs/specs/my-spec.md',
      }),
    ]);
    expect(set.problems[0]!.line).toBeUndefined();
    expect(set.problems[0]!.hint).toContain('SPEC-NNNN-EXT-NNNN-slug.md');
    expect(set.root).toBe(root);
    expect(set.scheme).toBe(scheme);
  });

  it('turns an undecodable file into a file/not-utf8 finding with its position, and keeps going', () => {
    put('docs/specs/SPEC-0001-a.md', Buffer.from([0x23, 0x20, 0x41, 0x0a, 0x62, 0xe9, 0x0a]));
    put('docs/specs/SPEC-0002-b.md', '# SPEC-0002: B\n');
    const set = loadDocs(root, join(root, 'docs'), scheme);
    expect(set.docs.map((d) => d.id)).toEqual(['SPEC-0002']);
    expect(set.problems).toEqual([
      expect.objectContaining({
        code: 'file/not-utf8',
        severity: 'error',
        file: 'docs/specs/SPEC-0001-a.md',
        line: 2,
        column: 2,
      }),
    ]);
    expect(lintDocs(set).filter((f) => f.code === 'file/not-utf8')).toHaveLength(1);
  });

  it('keeps a byte-order mark in the source and still reads the document', () => {
    put('docs/specs/SPEC-0001-a.md', '\ufeff---\nstatus: draft\n---\n# SPEC-0001: A\n');
    const [doc] = loadDocs(root, join(root, 'docs'), scheme).docs;
    expect(doc!.source.charCodeAt(0)).toBe(0xfeff);
    expect(doc!.status).toBe('draft');
    expect(doc!.title).toBe('A');
  });

  it('indexes documents by ID, keeping every document that claims an ID', () => {
    put('docs/specs/SPEC-0001-a.md', '# SPEC-0001: A\n');
    put('docs/specs/SPEC-0001-b.md', '# SPEC-0001: B\n');
    put('docs/specs/SPEC-0002-c.md', '# SPEC-0002: C\n');
    const idx = indexById(loadDocs(root, join(root, 'docs'), scheme).docs);
    expect([...idx.keys()]).toEqual(['SPEC-0001', 'SPEC-0002']);
    expect(idx.get('SPEC-0001')!.map((d) => d.title)).toEqual(['A', 'B']);
  });
});

describe('papertrail fixtures', () => {
  it('load and lint without errors or warnings', () => {
    const set = loadDocs(FIXTURES, join(FIXTURES, 'docs'), scheme);
    expect(set.problems).toEqual([]);
    expect(set.docs.map((d) => d.id)).toEqual([
      'PROP-0001',
      'PROP-0002',
      'PROP-0003',
      'SPEC-0001-EXT-0001',
      'SPEC-0001',
      'SPEC-0002',
      'SPEC-0003',
      'STD-0001',
    ]);
    const findings = lintDocs(set);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(findings.map((f) => f.code)).toEqual(['status/ready-to-implemented']);
  });
});

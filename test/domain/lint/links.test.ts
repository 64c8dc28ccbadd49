import { describe, expect, it } from 'vitest';
import { lintFiles } from '../docs/helpers.js';

const proposal = (id: string) =>
  `---\nstatus: draft\ndate: 2026-11-01\n---\n\n# ${id}: P\n\n## Problem Statement\n\nP.\n`;
const spec = (body: string) =>
  `---\nid: SPEC-0003\nstatus: draft\nimplements: PROP-0002\n---\n\n# SPEC-0003: S\n\n## Overview\n\n${body}\n`;

describe('links to documents', () => {
  it('reports a link to a document file that is not there, naming the one renamed from it', () => {
    const findings = lintFiles({
      'docs/proposals/PROP-0002-alpha.md': proposal('PROP-0002'),
      'docs/proposals/PROP-0003-beta.md': proposal('PROP-0003'),
      'docs/specs/SPEC-0003-beta.md': spec(
        'Text.\n\n**Implements:** [PROP-0002: Beta](../proposals/PROP-0002-beta.md)\n\nSee [alpha](../proposals/PROP-0002-alpha.md), [site](https://example.com/PROP-0009-x.md) and [notes](../notes.md).',
      ),
    });
    const broken = findings.filter((f) => f.code === 'ref/broken-link');
    expect(broken).toEqual([
      {
        code: 'ref/broken-link',
        severity: 'error',
        message: 'SPEC-0003 links to ../proposals/PROP-0002-beta.md, which does not exist',
        file: 'docs/specs/SPEC-0003-beta.md',
        line: 13,
        column: 35,
        hint: 'Did you mean ../proposals/PROP-0003-beta.md (PROP-0003)?',
      },
    ]);
  });
});

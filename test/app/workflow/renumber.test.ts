import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../../src/app/kernel/index.js';
import { renumber } from '../../../src/app/workflow/renumber.js';
import { tempDir } from '../../helpers/cli.js';

const proposal = (id: string, title: string, date: string) =>
  `---\nstatus: draft\ndate: ${date}\n---\n\n# ${id}: ${title}\n\n## Problem Statement\n\nP.\n`;
const spec = (id: string, body: string) =>
  `---\nid: ${id}\nstatus: draft\nimplements: PROP-0001\n---\n\n# ${id}: S\n\n## Overview\n\n${body}\n\n## Requirements\n\n### Requirement: R\n\n**ID:** REQ-001\n\nThe system SHALL r.\n`;

describe('renumber outside git', () => {
  it('a link decides which duplicate a document means; without one it means the one that keeps the number', () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'docs/proposals'), { recursive: true });
    mkdirSync(join(ws, 'docs/specs'), { recursive: true });
    writeFileSync(join(ws, 'docs/proposals/PROP-0001-old.md'), proposal('PROP-0001', 'Old', '2026-11-01'));
    writeFileSync(join(ws, 'docs/proposals/PROP-0001-new.md'), proposal('PROP-0001', 'New', '2026-11-02'));
    writeFileSync(
      join(ws, 'docs/specs/SPEC-0001-linked.md'),
      spec('SPEC-0001', 'See [PROP-0001: New](../proposals/PROP-0001-new.md), and PROP-0001/REQ-001.'),
    );
    writeFileSync(join(ws, 'docs/specs/SPEC-0002-plain.md'), spec('SPEC-0002', 'Implements PROP-0001.'));
    const r = renumber(openApp(ws, { PAPERTRAIL_TODAY: '2026-11-23' }));
    expect(r.documents.map((d) => `${d.from} ${d.to} ${d.newFile}`)).toEqual([
      'PROP-0001 PROP-0002 docs/proposals/PROP-0002-new.md',
    ]);
    expect(r.references).toEqual([
      { file: 'docs/specs/SPEC-0001-linked.md', from: 'PROP-0001', to: 'PROP-0002' },
    ]);
    expect(readFileSync(join(ws, 'docs/specs/SPEC-0001-linked.md'), 'utf8')).toBe(
      spec(
        'SPEC-0001',
        'See [PROP-0002: New](../proposals/PROP-0002-new.md), and PROP-0002/REQ-001.',
      ).replace('implements: PROP-0001', 'implements: PROP-0002'),
    );
    expect(readFileSync(join(ws, 'docs/specs/SPEC-0002-plain.md'), 'utf8')).toBe(
      spec('SPEC-0002', 'Implements PROP-0001.'),
    );
  });
});

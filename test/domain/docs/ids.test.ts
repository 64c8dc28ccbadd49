import { describe, expect, it } from 'vitest';
import {
  classifyFileName,
  DEFAULT_PREFIXES,
  docId,
  idScheme,
  kindOfId,
  pad,
  requirementId,
} from '../../../src/domain/docs/index.js';

const s = idScheme();

describe('file names', () => {
  it.each([
    [
      'PROP-0001-runner-infrastructure.md',
      { kind: 'proposal', id: 'PROP-0001', number: 1, baseId: null, slug: 'runner-infrastructure' },
    ],
    ['SPEC-0042-x.md', { kind: 'spec', id: 'SPEC-0042', number: 42, baseId: null, slug: 'x' }],
    [
      'SPEC-0001-EXT-0003-audit.md',
      { kind: 'extension', id: 'SPEC-0001-EXT-0003', number: 3, baseId: 'SPEC-0001', slug: 'audit' },
    ],
    [
      'STD-0007-go-services.md',
      { kind: 'standard', id: 'STD-0007', number: 7, baseId: null, slug: 'go-services' },
    ],
    [
      'SPEC-10000-past-9999.md',
      { kind: 'spec', id: 'SPEC-10000', number: 10000, baseId: null, slug: 'past-9999' },
    ],
    [
      'SPEC-0001-extension-notes.md',
      { kind: 'spec', id: 'SPEC-0001', number: 1, baseId: null, slug: 'extension-notes' },
    ],
  ])('classifies %s', (name, want) => {
    expect(classifyFileName(name, s)).toEqual(want);
  });

  it.each([
    'SPEC-001-three-digits.md',
    'spec-0001-lower.md',
    'SPEC-0001.md',
    'SPEC-0001-x.txt',
    'PROP-0001-x.md.bak',
    'README.md',
    'SPEC-0001-EXT-0001.md',
    'ADR-0001-x.md',
  ])('does not classify %s', (name) => {
    expect(classifyFileName(name, s)).toBeNull();
  });

  it('does not read SPEC-NNNN-EXT-NNNN-slug as a plain spec', () => {
    expect(s.specFile.test('SPEC-0001-EXT-0002-x.md')).toBe(false);
    expect(s.extensionFile.test('SPEC-0001-EXT-0002-x.md')).toBe(true);
  });
});

describe('custom prefixes', () => {
  const c = idScheme({ proposal: 'RFC', spec: 'DES', standard: 'GUIDE', requirement: 'R' });

  it('classifies files and IDs with the configured prefixes only', () => {
    expect(classifyFileName('RFC-0002-x.md', c)).toMatchObject({ kind: 'proposal', id: 'RFC-0002' });
    expect(classifyFileName('DES-0001-EXT-0001-x.md', c)).toMatchObject({
      kind: 'extension',
      baseId: 'DES-0001',
    });
    expect(classifyFileName('PROP-0002-x.md', c)).toBeNull();
    expect(c.requirementLocal.test('R-001')).toBe(true);
    expect(c.requirementLocal.test('REQ-001')).toBe(false);
    expect(c.docId.test('GUIDE-0003')).toBe(true);
  });

  it('escapes regex characters in prefixes', () => {
    const odd = idScheme({ ...DEFAULT_PREFIXES, spec: 'S.P' });
    expect(odd.docId.test('S.P-0001')).toBe(true);
    expect(odd.docId.test('SXP-0001')).toBe(false);
  });
});

describe('IDs', () => {
  it('pads numbers to four digits for documents and three for requirements, growing past them', () => {
    expect(pad(7)).toBe('0007');
    expect(pad(12345)).toBe('12345');
    expect(docId('proposal', 3, DEFAULT_PREFIXES)).toBe('PROP-0003');
    expect(docId('spec', 10, DEFAULT_PREFIXES)).toBe('SPEC-0010');
    expect(docId('standard', 1, DEFAULT_PREFIXES)).toBe('STD-0001');
    expect(docId('extension', 2, DEFAULT_PREFIXES, 'SPEC-0001')).toBe('SPEC-0001-EXT-0002');
    expect(requirementId(4, DEFAULT_PREFIXES)).toBe('REQ-004');
    expect(requirementId(1000, DEFAULT_PREFIXES)).toBe('REQ-1000');
  });

  it('tells the kind of an ID', () => {
    expect(kindOfId('PROP-0001', DEFAULT_PREFIXES)).toBe('proposal');
    expect(kindOfId('SPEC-0001', DEFAULT_PREFIXES)).toBe('spec');
    expect(kindOfId('SPEC-0001-EXT-0001', DEFAULT_PREFIXES)).toBe('extension');
    expect(kindOfId('STD-0001', DEFAULT_PREFIXES)).toBe('standard');
    expect(kindOfId('ADR-0001', DEFAULT_PREFIXES)).toBeNull();
  });

  it('matches full requirement IDs and finds spec IDs in text', () => {
    expect(s.requirementFull.exec('SPEC-0001-EXT-0002/REQ-003')?.slice(1)).toEqual([
      'SPEC-0001-EXT-0002',
      'REQ-003',
    ]);
    expect(s.requirementFull.test('SPEC-0001/REQ-03')).toBe(false);
    expect('see SPEC-0001, SPEC-0002-EXT-0001 and XSPEC-0003'.match(s.specIdGlobal)).toEqual([
      'SPEC-0001',
      'SPEC-0002-EXT-0001',
    ]);
  });
});

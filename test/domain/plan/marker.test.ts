import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDoc } from '../../../src/domain/docs/index.js';
import {
  desiredPlan,
  editedOnForge,
  markerOf,
  plannedSha,
  withMarker,
} from '../../../src/domain/plan/index.js';

// Any text: whole code points, and UTF-16 code units (half surrogate pairs included).
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 40 }),
  fc
    .array(fc.constantFrom(' ', '\t', '%', '%20', '<', '>', '-->', ' sha=ab', '"', 'a', '#', '/', '\u3000'))
    .map((a) => a.join('')),
);

/** A spec as an implementing repository holds it, with one requirement written under these names. */
function specWith(id: string, name: string, reqId: string): string {
  return `---
id: ${JSON.stringify(id)}
title: T
status: approved
---

# T

## Requirements

### Requirement: ${name}

**ID:** ${reqId}

The system SHALL work.

### Requirement: Second ${name}

The system SHALL work too.
`;
}

describe('plan markers', () => {
  it('read back every key they are written with', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (key, body, title) => {
        const written = withMarker(body, key, title);
        expect(markerOf(written)).toBe(key);
        expect(plannedSha(written)).toMatch(/^[0-9a-f]{16}$/);
        expect(editedOnForge({ title, body: written })).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('read back the key of every issue the planner writes, for any requirement name and ID', () => {
    const line = anyText.filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(line, line, line, (id, name, reqId) => {
        const doc = parseDoc({
          source: specWith(id, name, reqId),
          path: '/r/.github/spec/spec.md',
          file: '.github/spec/spec.md',
        });
        const plan = desiredPlan(doc, []);
        for (const item of plan.items) expect(markerOf(item.body)).toBe(item.key);
      }),
      { numRuns: 300 },
    );
  });

  it('write keys without spaces as they always were, and read markers written before keys were encoded', () => {
    expect(withMarker('x', 'SPEC-0001/REQ-003', 't')).toMatch(
      /<!-- papertrail:key=SPEC-0001\/REQ-003 sha=[0-9a-f]{16} -->\n$/,
    );
    expect(withMarker('x', 'spec#Security Isolation', 't')).toContain(
      '<!-- papertrail:key=spec#Security%20Isolation sha=',
    );
    expect(markerOf('text\n\n<!-- papertrail:key=SPEC-0001/REQ-003 -->\n')).toBe('SPEC-0001/REQ-003');
    expect(markerOf('text\n\n<!-- papertrail:key=spec#Security Isolation sha=0123456789abcdef -->\n')).toBe(
      'spec#Security Isolation',
    );
    expect(markerOf('<!-- papertrail:key=SPEC-0001#Keep 99% up -->')).toBe('SPEC-0001#Keep 99% up');
    expect(plannedSha('<!-- papertrail:key=spec#A B sha=0123456789abcdef -->')).toBe('0123456789abcdef');
  });

  it('take the marker the plan appended, not one quoted in the text above it', () => {
    const body = withMarker('Quoted: <!-- papertrail:key=SPEC-0001/REQ-009 -->', 'SPEC-0001/REQ-001', 't');
    expect(markerOf(body)).toBe('SPEC-0001/REQ-001');
    expect(editedOnForge({ title: 't', body })).toBe(false);
  });
});

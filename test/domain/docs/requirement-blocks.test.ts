import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { md, parse } from './helpers.js';

const TEMPLATE = readFileSync(join(import.meta.dirname, '../../fixtures/upstream-template/spec.md'), 'utf8');

const wrap = (body: string) =>
  md`
  ---
  status: draft
  ---
  # SPEC-0002: Details

  ## Requirements

` + body;

describe('requirement detail blocks (**Configuration:**, **Behavior:**, **Files:** …)', () => {
  it('reads the upstream template’s blocks verbatim, in order, beside the statement and scenarios', () => {
    const doc = parse('docs/specs/SPEC-0001-runner-infrastructure.md', TEMPLATE);
    const [auto, iso, mon] = doc.requirements;
    expect(auto!.statement).toBe(
      'The system SHALL automatically scale runners based on workflow queue depth.',
    );
    expect(auto!.details.map((d) => d.label)).toEqual(['Configuration', 'Behavior', 'Files']);
    expect(auto!.details[0]!.text).toBe(
      '**Configuration:**\n* `garm.toml` SHALL set `min_idle_runners = 2`\n* `garm.toml` SHALL set `max_runners = 20`',
    );
    expect(auto!.details[2]!.text).toBe(
      [
        '**Files:**',
        '| Action | Path | Purpose |',
        '|--------|------|---------|',
        '| Create | `config/garm.toml` | Pool sizes and scaling |',
        '| Create | `internal/scaler/scaler.go` | Queue-depth scaling loop |',
      ].join('\n'),
    );
    expect(auto!.details[0]!.line).toBe(TEMPLATE.split('\n').indexOf('**Configuration:**') + 1);
    expect(auto!.scenarios[0]!.steps).toHaveLength(4);
    expect(iso!.details.map((d) => d.label)).toEqual(['Configuration', 'Files']);
    // ID and Depends on are read as before, not carried as details.
    expect(mon!.details).toEqual([]);
    expect(mon!.dependsOn.map((d) => d.ref)).toEqual(['Auto-Scaling', 'Security Isolation']);
  });

  it('keeps blank lines, fences and labelled list items inside a block, and ends it at a rule or a label', () => {
    const src = wrap(md`
      ### Requirement: Pool
      **ID:** REQ-001

      The system SHALL keep a pool.

      **Configuration:**

      - **timeout:** 30 s
      - **size:** 4

      \`\`\`toml
      **not:** a label
      \`\`\`
      **Notes:** wrapped over
      two lines.
      **Depends on:** Other

      ---

      Commentary after a rule is not part of any block.

      ### Requirement: Other
      **ID:** REQ-002

      The system SHALL be other.
    `);
    const r = parse('docs/specs/SPEC-0002-details.md', src).requirements[0]!;
    expect(r.details.map((d) => [d.label, d.text])).toEqual([
      [
        'Configuration',
        '**Configuration:**\n\n- **timeout:** 30 s\n- **size:** 4\n\n```toml\n**not:** a label\n```',
      ],
      ['Notes', '**Notes:** wrapped over\ntwo lines.'],
    ]);
    expect(r.dependsOn.map((d) => d.ref)).toEqual(['Other']);
    expect(r.statement).toBe('The system SHALL keep a pool.');
  });

  it('leaves the statement of the override template to the statement, and drops an empty label', () => {
    const src = wrap(md`
      ### Overrides: Pool
      **ID:** REQ-003

      **Original requirement:** keep a pool.

      **Reason for override:** pools cost
      too much.

      **New requirement:**

      The system SHALL keep no pool.

      #### Scenario: S
      - **GIVEN** a
      - **WHEN** b
      - **THEN** c
    `);
    const r = parse('docs/specs/SPEC-0002-details.md', src).requirements[0]!;
    expect(r.statement).toBe('The system SHALL keep no pool.');
    expect(r.details.map((d) => d.text)).toEqual([
      '**Original requirement:** keep a pool.',
      '**Reason for override:** pools cost\ntoo much.',
    ]);
  });

  it('takes a SHALL line right under a label for the statement, as before', () => {
    const src = wrap(md`
      ### Requirement: Tight
      **Priority:** high
      The system SHALL be tight.
    `);
    const r = parse('docs/specs/SPEC-0002-details.md', src).requirements[0]!;
    expect(r.statement).toBe('The system SHALL be tight.');
    expect(r.details.map((d) => d.text)).toEqual(['**Priority:** high']);
  });

  it('reads a list under a label written before the statement as the label’s, not as the statement', () => {
    const src = wrap(md`
      ### Requirement: Early
      **Configuration:**
      * \`a.toml\` sets b

      The system SHALL be early.
    `);
    const r = parse('docs/specs/SPEC-0002-details.md', src).requirements[0]!;
    expect(r.statement).toBe('The system SHALL be early.');
    expect(r.details.map((d) => d.text)).toEqual(['**Configuration:**\n* `a.toml` sets b']);
  });
});

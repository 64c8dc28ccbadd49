import { describe, expect, it } from 'vitest';
import { parseDoc } from '../../../src/domain/docs/index.js';

// `.github/spec/spec.md` carries no ID in its name: the frontmatter, the heading or what bootstrap
// recorded has to say which spec it is.
const copy = (source: string, recordedId?: string) =>
  parseDoc({ source, path: '/r/.github/spec/spec.md', file: '.github/spec/spec.md', recordedId });

describe('the ID of a spec copy', () => {
  it('comes from the frontmatter, else the heading, else what bootstrap recorded', () => {
    expect(copy('---\nid: SPEC-0002\n---\n\n# SPEC-0001: Runners\n', 'SPEC-0003').id).toBe('SPEC-0002');
    const upstream = copy('---\nstatus: approved\n---\n\n# SPEC-0001: Runners\n', 'SPEC-0003');
    expect(upstream).toMatchObject({ id: 'SPEC-0001', kind: 'spec', title: 'Runners' });
    expect(copy('# SPEC-0001 \u2014 Runners\n').id).toBe('SPEC-0001');
    expect(copy('---\nstatus: approved\n---\n\n# Runners\n', 'SPEC-0003').id).toBe('SPEC-0003');
    expect(copy('# Runners\n').id).toBe('spec');
  });

  it('reads an extension copy by its heading when its name says nothing', () => {
    const d = parseDoc({
      source: '---\nextends: SPEC-0001\n---\n\n# SPEC-0001-EXT-0002: Audit\n',
      path: '/r/x.md',
      file: 'x.md',
    });
    expect(d).toMatchObject({ id: 'SPEC-0001-EXT-0002', kind: 'extension', baseId: 'SPEC-0001' });
  });
});

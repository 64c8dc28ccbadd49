import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDoc, loadAll, loadSome, openApp } from '../../../src/app/kernel/index.js';
import { describeRequirements, showDoc } from '../../../src/app/workflow/show.js';
import { isPtError } from '../../../src/base/index.js';
import { seedWorkspace } from '../../helpers/cli.js';

// A command about one document reads that document only; what it answers must not change.
describe('loadSome', () => {
  it('parses only the documents asked for and still names the rest', () => {
    const ws = seedWorkspace({});
    const app = openApp(ws);
    const all = loadAll(app);
    const some = loadSome(app, ['spec-0001']);
    expect(some.docs.map((d) => d.id)).toEqual(['SPEC-0001']);
    expect(new Set(some.named?.map((n) => n.id))).toEqual(
      new Set(all.docs.map((d) => d.id).filter((i) => i !== 'SPEC-0001')),
    );
    expect(findDoc(app, some, 'SPEC-0001').source).toBe(findDoc(app, all, 'SPEC-0001').source);
    const full = findDoc(app, all, 'SPEC-0001');
    expect(showDoc(app, 'SPEC-0001#Monitoring').requirementList).toEqual(
      describeRequirements(full).filter((r) => r.name === 'Monitoring'),
    );
  });

  it('gives the same not-found hint and duplicate refusal as a full read', () => {
    const ws = seedWorkspace({});
    const app = openApp(ws);
    const hint = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (isPtError(e)) return `${e.code}: ${e.message} / ${e.hint}`;
        throw e;
      }
      return 'no error';
    };
    expect(hint(() => findDoc(app, loadSome(app, ['SPEC-0099']), 'SPEC-0099'))).toBe(
      hint(() => findDoc(app, loadAll(app), 'SPEC-0099')),
    );
    const spec = findDoc(app, loadAll(app), 'SPEC-0001');
    writeFileSync(join(ws, 'docs/specs/SPEC-0001-copy.md'), spec.source);
    const dup = hint(() => findDoc(app, loadSome(app, ['SPEC-0001']), 'SPEC-0001'));
    expect(dup).toMatch(/^id\/duplicate/);
    expect(dup).toBe(hint(() => findDoc(app, loadAll(app), 'SPEC-0001')));
  });
});

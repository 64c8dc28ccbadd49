// Parallel changes touching one requirement: MODIFIED replaces the whole block with no record of
// the base it was written against, so whichever change archives second loses or clobbers the
// other's edit. OpenSpec says nothing until archive; Papertrail warns while both are active.
import type { Finding } from '../findings/index.js';
import type { LoadedChange } from './load.js';
import type { DeltaOp, Pos } from './model.js';
import { finding } from './rules.js';

export interface Touch extends Pos {
  change: string;
  op: DeltaOp;
  file: string;
  capability: string;
  name: string;
}

/** What a change does to which requirement: all overlap needs to keep of a change once it is checked. */
export function changeTouches(c: LoadedChange): Touch[] {
  const out: Touch[] = [];
  for (const { capability, delta: d } of c.deltas) {
    const add = (op: DeltaOp, name: string, pos: Pos) =>
      out.push({
        change: c.entry.id,
        op,
        file: d.file,
        capability,
        name,
        line: pos.line,
        column: pos.column,
      });
    for (const b of d.added) add('ADDED', b.name, b);
    for (const b of d.modified) add('MODIFIED', b.name, b);
    for (const r of d.removed) add('REMOVED', r.name, r);
    for (const r of d.renamed) add('RENAMED', r.from, r);
  }
  return out;
}

/** Findings per change id. */
export function changeOverlaps(changes: LoadedChange[]): Map<string, Finding[]> {
  return overlapFindings(changes.flatMap(changeTouches));
}

export function overlapFindings(touches: Touch[]): Map<string, Finding[]> {
  const byKey = new Map<string, Touch[]>();
  for (const t of touches) {
    const key = `${t.capability}\0${t.name}`;
    const list = byKey.get(key);
    if (list) list.push(t);
    else byKey.set(key, [t]);
  }
  const out = new Map<string, Finding[]>();
  for (const list of byKey.values()) {
    const ids = new Set(list.map((t) => t.change));
    if (ids.size < 2) continue;
    for (const t of list) {
      const others = list.filter((o) => o.change !== t.change);
      const names = [...new Set(others.map((o) => `"${o.change}" (${o.op})`))].join(', ');
      const f = finding(
        'openspec/change-overlap',
        `Requirement "${t.name}" of spec "${t.capability}" is ${t.op} here and also changed by ${names}`,
        t.file,
        t,
        {
          related: others.map((o) => ({
            file: o.file,
            line: o.line,
            column: o.column,
            message: `${o.op} in change "${o.change}"`,
          })),
        },
      );
      const mine = out.get(t.change);
      if (mine) mine.push(f);
      else out.set(t.change, [f]);
    }
  }
  return out;
}

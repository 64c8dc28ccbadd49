// Requirement blocks by exact name, with a case/space-folded index so near-miss lookups stay O(1)
// while a merge is replayed (a linear scan per lookup was the hot spot on large specs). Names in the
// models are already normalised, so folding is case and spacing only.
import type { RequirementBlock } from './model.js';
import { foldNormalized } from './names.js';

export class NameIndex {
  private readonly byName = new Map<string, RequirementBlock>();
  // Built on the first near-miss lookup; most replays never need it.
  private byFold: Map<string, Set<string>> | null = null;

  constructor(blocks: Iterable<RequirementBlock> = []) {
    for (const b of blocks) this.byName.set(b.name, b);
  }

  get size(): number {
    return this.byName.size;
  }

  get(name: string): RequirementBlock | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  values(): IterableIterator<RequirementBlock> {
    return this.byName.values();
  }

  set(name: string, block: RequirementBlock): void {
    if (!this.byName.has(name) && this.byFold) addFold(this.byFold, name);
    this.byName.set(name, block);
  }

  delete(name: string): void {
    if (!this.byName.delete(name)) return;
    this.byFold?.get(foldNormalized(name))?.delete(name);
  }

  /** Another name that differs from `name` only in case or spacing (never `name` or `except`). */
  nearMiss(name: string, except?: string): string | undefined {
    if (!this.byFold) {
      this.byFold = new Map();
      for (const k of this.byName.keys()) addFold(this.byFold, k);
    }
    const keys = this.byFold.get(foldNormalized(name));
    if (!keys) return undefined;
    for (const k of keys) if (k !== name && k !== except) return k;
    return undefined;
  }
}

function addFold(index: Map<string, Set<string>>, name: string): void {
  const f = foldNormalized(name);
  const keys = index.get(f);
  if (keys) keys.add(name);
  else index.set(f, new Set([name]));
}

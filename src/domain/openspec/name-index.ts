// Requirement blocks by exact name, with a case/space-folded index so near-miss lookups stay O(1)
// on large specs while a merge is replayed (a linear scan per lookup was the hot spot there). Names in the
// models are already normalised, so folding is case and spacing only.
import type { RequirementBlock } from './model.js';
import { foldEquals, foldNormalized } from './names.js';

// Up to this many names, a near-miss lookup scans them instead of indexing their folded forms.
const SCAN_LIMIT = 32;

export class NameIndex {
  // Built on the first near-miss lookup that needs it; most replays never do.
  private byFold: Map<string, Set<string>> | null = null;

  /** Takes over `byName` (blocks by exact name) and changes it as the merge is replayed. */
  constructor(private readonly byName: Map<string, RequirementBlock> = new Map()) {}

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
    // A spec's few requirements are compared in place (foldEquals rejects most at the first
    // character); building the folded index cost more than that on every merge replayed.
    if (!this.byFold && this.byName.size <= SCAN_LIMIT) {
      for (const k of this.byName.keys()) if (k !== name && k !== except && foldEquals(k, name)) return k;
      return undefined;
    }
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

// A git ledger branch in memory, for the ledger's pure rules: its files by path, as text.
import type { LedgerFiles } from '../../src/domain/execution/index.js';

export function memoryLedger(text: ReadonlyMap<string, string>): LedgerFiles {
  return {
    read: (p) => text.get(p) ?? null,
    list: (dir) =>
      [...text.keys()]
        .filter((k) => k.startsWith(`${dir}/`) && !k.slice(dir.length + 1).includes('/'))
        .map((k) => k.slice(dir.length + 1))
        .sort(),
  };
}

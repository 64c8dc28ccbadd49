import { describe, expect, it } from 'vitest';
import { branchFor } from '../../../src/app/workflow/implement.js';

// Titles may be in any script (their file names are); branch names stay ASCII as they always were.
describe('branchFor', () => {
  it.each([
    ['Auto-Scaling', 'implement/issue-3-auto-scaling'],
    ['Café Metrics', 'implement/issue-3-cafe-metrics'],
    ['ランナー基盤', 'implement/issue-3-work'],
    ['ランナー Scaling 2', 'implement/issue-3-scaling-2'],
    ['Масштаб', 'implement/issue-3-work'],
  ])('%j → %j', (name, branch) => expect(branchFor(3, name)).toBe(branch));
});

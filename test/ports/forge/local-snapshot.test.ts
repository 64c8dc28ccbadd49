import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNextIssue } from '../../../src/app/workflow/plan/next.js';
import { nextFromReads, recordReads } from '../../../src/app/workflow/plan/next-snapshot.js';
import {
  type ForgeReads,
  LocalForge,
  readSnapshot,
  snapshotFileOf,
  snapshotPlace,
  writeSnapshot,
} from '../../../src/ports/forge/index.js';
import { openStore } from '../../../src/ports/store/index.js';
import { backends } from '../store/backends.js';
import { kill9, startChild } from '../store/child.js';
import { freshDataDir, removeDataDir } from '../store/pglite-template.js';

const READS: ForgeReads = {
  issues: {
    'spec:SPEC-0001': [
      {
        number: 1,
        id: 1,
        title: 'A',
        body: 'b',
        state: 'open',
        stateReason: null,
        labels: ['spec:SPEC-0001'],
      },
    ],
  },
  blockedBy: { 1: [] },
};

// Every write of what `next` reads removes the snapshot before it writes; the rest leave it. The file
// is the forge's concern whichever store holds the rows, so both backends run it.
describe.each(await backends('local forge snapshot'))('local forge snapshot drops: $name', (b) => {
  it.skipIf(!b.available)('each write of issues, labels or links removes the file first', async () => {
    const target = await b.fresh({ migrated: true });
    const dir = join(freshDataDirBeside(), 'cache');
    const file = join(dir, 'forge-snapshot-v1.json');
    const plant = () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, '{}');
    };
    const store = await openStore(target.opts);
    try {
      plant();
      const forge = await LocalForge.open(store.db, 'acme/app', 'main', { snapshot: file });
      // Opening created the repository's row: a write, so it dropped the file too.
      expect(existsSync(file)).toBe(false);
      const writes: [string, () => Promise<unknown>][] = [
        ['createIssue', () => forge.createIssue({ title: 'A', body: '', labels: ['x'] })],
        ['createIssue', () => forge.createIssue({ title: 'B', body: '', labels: [] })],
        ['updateIssue', () => forge.updateIssue(1, { state: 'closed' })],
        ['updateIssue labels', () => forge.updateIssue(2, { labels: ['y'] })],
        ['addBlockedBy', async () => forge.addBlockedBy(2, await forge.updateIssue(1, {}))],
        ['removeBlockedBy', async () => forge.removeBlockedBy(2, await forge.updateIssue(1, {}))],
        ['addSubIssue', async () => forge.addSubIssue(1, await forge.updateIssue(2, {}))],
        ['createLabel', () => forge.createLabel({ name: 'z', color: 'ffffff', description: '' })],
        ['updateLabel', () => forge.updateLabel({ name: 'z', color: '000000', description: 'd' })],
        ['batch', () => forge.batch(async () => forge.createIssue({ title: 'C', body: '', labels: [] }))],
      ];
      for (const [name, write] of writes) {
        plant();
        await write();
        expect([name, existsSync(file)]).toEqual([name, false]);
      }
      // Reads, pull requests, comments and checks are not in the snapshot and keep it.
      plant();
      await forge.listIssues({ label: 'x' });
      await forge.listBlockedBy(2);
      await forge.listLinks();
      await forge.comment(1, 'hello');
      const pr = await forge.createPullRequest({
        title: 'P',
        body: '',
        head: 'h',
        base: 'main',
        draft: true,
      });
      await forge.markReady(pr.number);
      const c = await forge.startCheck({ name: 'test', ref: 'h', sha: null, command: 'true' });
      await forge.finishCheck(c.id, { conclusion: 'success', exitCode: 0, output: '' });
      expect(existsSync(file)).toBe(true);
      // A forge without a snapshot (Postgres in the workspace, a dry run) writes without touching one.
      const plain = await LocalForge.open(store.db, 'acme/app');
      await plain.createIssue({ title: 'D', body: '', labels: [] });
      expect(existsSync(file)).toBe(true);
    } finally {
      await store.close();
      await target.cleanup();
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});

function freshDataDirBeside(): string {
  const dir = join(
    process.env.TMPDIR ?? '/tmp',
    `pt-snap-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('local forge snapshot: what it is kept under', () => {
  it('is read back only for the store it was read from and the same repository', async () => {
    const dataDir = await freshDataDir({ migrated: true });
    try {
      const place = snapshotPlace(dataDir, 'acme/app');
      expect(place.file).toBe(join(dataDir, '..', 'cache', 'forge-snapshot-v1.json'));
      expect(snapshotFileOf(dataDir)).toBe(place.file);
      expect(readSnapshot(place)).toBeNull();
      writeSnapshot(place, READS);
      expect(readSnapshot(place)).toEqual(READS);
      // The cache folder keeps itself out of version control.
      expect(existsSync(join(dataDir, '..', 'cache', '.gitignore'))).toBe(true);
      expect(readSnapshot(snapshotPlace(dataDir, 'acme/other'))).toBeNull();
      // Damaged or foreign content is no snapshot.
      writeFileSync(place.file, '{"format":1,"key":');
      expect(readSnapshot(place)).toBeNull();
      writeSnapshot(place, READS);
      // A store replaced by another (restored from a copy, rebuilt) is not the one it was read from,
      // even at the same path.
      cpSync(dataDir, `${dataDir}.copy`, { recursive: true });
      rmSync(dataDir, { recursive: true });
      renameSync(`${dataDir}.copy`, dataDir);
      expect(readSnapshot(place)).toBeNull();
      // With no store at all there is nothing it could be of, and nothing is written.
      rmSync(dataDir, { recursive: true });
      writeSnapshot(place, READS);
      expect(readSnapshot(place)).toBeNull();
    } finally {
      removeDataDir(dataDir);
    }
  });
});

// SIGKILL anywhere in a forge write leaves no snapshot or a true one: the drop comes before the write
// can commit, and nothing writes a snapshot but a reader owning the store.
describe('local forge snapshot: a write killed', () => {
  it.each([
    'before-commit',
    'after-commit',
  ] as const)('%s leaves no snapshot, and next reads the store', async (mode) => {
    const dataDir = await freshDataDir({ migrated: true });
    const repo = 'acme/app';
    const place = snapshotPlace(dataDir, repo);
    const nextOf = async () => {
      const store = await openStore({ dataDir });
      try {
        const forge = await LocalForge.open(store.db, repo, 'main', { snapshot: place.file });
        const rec = recordReads(forge);
        const r = await findNextIssue(rec.forge, 'SPEC-0001');
        return { r, reads: rec.reads };
      } finally {
        await store.close();
      }
    };
    try {
      const store = await openStore({ dataDir });
      try {
        const forge = await LocalForge.open(store.db, repo, 'main', { snapshot: place.file });
        for (const [title, key] of [
          ['T', 'tracking'],
          ['A', 'REQ-001'],
          ['B', 'REQ-002'],
        ] as const)
          await forge.createIssue({
            title,
            body: `<!-- papertrail:key=SPEC-0001/${key} sha=0a -->`,
            labels: ['spec:SPEC-0001', ...(key === 'tracking' ? ['tracking'] : [])],
          });
      } finally {
        await store.close();
      }
      const before = await nextOf();
      expect(before.r.issue?.number).toBe(2);
      writeSnapshot(place, before.reads);
      expect(readSnapshot(place)).toEqual(before.reads);

      const child = await startChild('forge-snapshot-crash', [dataDir, repo, mode]);
      await kill9(child);

      expect(existsSync(place.file)).toBe(false);
      const after = await nextOf();
      // Killed before its commit, the close never happened; after it, it did.
      expect(after.r.issue?.number).toBe(mode === 'before-commit' ? 2 : 3);
      expect(await nextFromReads(repo, after.reads, 'SPEC-0001')).toEqual(after.r);
    } finally {
      removeDataDir(dataDir);
    }
  }, 120_000);
});

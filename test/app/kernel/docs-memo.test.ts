import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoized, openApp, stampDocs } from '../../../src/app/kernel/index.js';
import { listDocs } from '../../../src/app/workflow/list.js';
import { validate } from '../../../src/app/workflow/validate.js';
import { seedWorkspace } from '../../helpers/cli.js';

// Results worked out from every document are kept while no document changes. What is checked: a
// kept result is handed back only for the same files, and nothing is kept that could go stale.
const isNumber = (v: unknown): v is number => typeof v === 'number';
const memoFile = (ws: string) => join(ws, '.papertrail', 'cache', 'docs-list-v1.json');

/** Moves the clock past the settling window, as if the files had been written a while ago. */
const later = (ms = 5000) => vi.setSystemTime(Date.now() + ms);

describe('the documents memo', () => {
  let ws: string;
  let calls: number;
  const count = () => memoized(openApp(ws), 'list', isNumber, () => ++calls);

  beforeEach(() => {
    ws = seedWorkspace({});
    calls = 0;
    vi.useFakeTimers({ toFake: ['Date'] });
    later();
  });
  afterEach(() => {
    vi.useRealTimers();
    delete process.env.PAPERTRAIL_NO_CACHE;
  });

  it('hands back the kept result while no document changed', () => {
    expect(count()).toBe(1);
    expect(count()).toBe(1);
    expect(calls).toBe(1);
    expect(readFileSync(join(ws, '.papertrail', 'cache', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('works the result out again after an edit, a new, a renamed or a deleted file', () => {
    const spec = join(ws, 'docs/specs');
    const file = join(spec, readdirName(spec));
    const edits = [
      () => writeFileSync(file, `${readFileSync(file, 'utf8')}\n`),
      () => writeFileSync(join(spec, 'SPEC-0002-new.md'), '# SPEC-0002: New\n'),
      () => renameSync(join(spec, 'SPEC-0002-new.md'), join(spec, 'SPEC-0002-renamed.md')),
      () => rmSync(join(spec, 'SPEC-0002-renamed.md')),
    ];
    count();
    for (const edit of edits) {
      const before = calls;
      edit();
      later();
      expect(count()).toBe(before + 1);
      expect(count()).toBe(before + 1);
    }
  });

  it('keeps nothing while a file is unsettled, or when one changed during the run', () => {
    vi.useRealTimers();
    const spec = join(ws, 'docs/specs');
    writeFileSync(join(spec, 'SPEC-0002-new.md'), '# SPEC-0002: New\n');
    count();
    expect(existsSync(memoFile(ws))).toBe(false);
    vi.useFakeTimers({ toFake: ['Date'] });
    later();
    memoized(openApp(ws), 'list', isNumber, () => {
      writeFileSync(join(spec, 'SPEC-0002-new.md'), '# SPEC-0002: Changed meanwhile\n');
      return ++calls;
    });
    expect(existsSync(memoFile(ws))).toBe(false);
  });

  it('ignores a corrupt or foreign cache file and replaces it', () => {
    count();
    for (const text of ['{"format":1,"key":', '{"format":99,"key":"x","value":7}', '[]', 'null']) {
      writeFileSync(memoFile(ws), text);
      const before = calls;
      expect(count()).toBe(before + 1);
      expect(count()).toBe(before + 1);
    }
    // A value of the wrong shape under the right key is worked out again too.
    const kept = JSON.parse(readFileSync(memoFile(ws), 'utf8'));
    writeFileSync(memoFile(ws), JSON.stringify({ ...kept, value: 'seven' }));
    const before = calls;
    expect(count()).toBe(before + 1);
  });

  it('does not read past the head of a result kept under another key', () => {
    count();
    const kept = JSON.parse(readFileSync(memoFile(ws), 'utf8'));
    const stale = JSON.stringify({ ...kept, key: `x${kept.key}`, value: 7, padding: 'p'.repeat(100_000) });
    writeFileSync(memoFile(ws), stale);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(count()).toBe(2);
      expect(parse.mock.calls.some(([text]) => text === stale)).toBe(false);
    } finally {
      parse.mockRestore();
    }
    // Under the right key but written in another order, it is not taken for one keep() wrote.
    const { format, key, value } = JSON.parse(readFileSync(memoFile(ws), 'utf8'));
    writeFileSync(memoFile(ws), JSON.stringify({ key, format, value }));
    expect(count()).toBe(3);
  });

  it('is off with PAPERTRAIL_NO_CACHE, and outside a workspace made by init', () => {
    process.env.PAPERTRAIL_NO_CACHE = '1';
    count();
    count();
    expect(calls).toBe(2);
    expect(existsSync(memoFile(ws))).toBe(false);
    delete process.env.PAPERTRAIL_NO_CACHE;
    rmSync(join(ws, 'papertrail.yaml'));
    count();
    count();
    expect(calls).toBe(4);
    expect(existsSync(join(ws, '.papertrail', 'cache'))).toBe(false);
  });

  it('still answers when the cache cannot be written', () => {
    count();
    const dir = join(ws, '.papertrail', 'cache');
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'not a folder');
    expect(count()).toBe(2);
    expect(count()).toBe(3);
  });

  it('covers the settings: another ID scheme is another key', () => {
    const before = stampDocs(openApp(ws)).key;
    const config = join(ws, 'papertrail.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('spec: SPEC', 'spec: RFC'));
    expect(stampDocs(openApp(ws)).key).not.toBe(before);
  });

  it('gives validate and list the same answers kept or not, and sees an edit', async () => {
    const app = openApp(ws);
    const fresh = await validate(app);
    expect(await validate(app)).toEqual(fresh);
    expect(existsSync(join(ws, '.papertrail', 'cache', 'docs-findings-v1.json'))).toBe(true);
    const listed = listDocs(app);
    expect(listDocs(app)).toEqual(listed);
    expect(listDocs(app, { kind: ['spec'] }).documents.map((d) => d.id)).toEqual(['SPEC-0001']);

    const spec = join(ws, 'docs/specs');
    const file = join(spec, readdirName(spec));
    writeFileSync(file, readFileSync(file, 'utf8').replace('SHALL', 'should'));
    later();
    const after = await validate(app);
    expect(after.findings.map((f) => f.code)).toContain('requirement/no-shall');
    expect(await validate(app)).toEqual(after);
  });
  it('keeps nothing from a run that read a file besides the workspace', async () => {
    // Named on the command line, an unreadable document is read twice and reported twice.
    writeFileSync(join(ws, 'docs/specs/SPEC-0002-bad.md'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    later();
    const app = openApp(ws);
    await validate(app, { paths: ['docs/specs/SPEC-0002-bad.md'] });
    const kept = await validate(app);
    process.env.PAPERTRAIL_NO_CACHE = '1';
    expect(kept).toEqual(await validate(app));
  });
});

function readdirName(dir: string): string {
  return readdirSync(dir).find((n) => n.endsWith('.md'))!;
}

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from '../fakes/openai.js';
import { cli, cliAsync, tempDir } from '../helpers/cli.js';

const STORY = `# WEB-1: Export invoices

## State

COMMITTED

## Problem Statement

Finance exports invoices by hand.

## Acceptance Criteria

- [ ] **Export all**: Given invoices, When I export, Then a CSV downloads.

## Impact Analysis Summary

Components touched: \`src/export.ts\`
`;

const put = (root: string, file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};

let fake: FakeLlm | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

// A review with the AI reviewer takes a while; a person may save the runbook meanwhile. Their edit
// must survive: the review refuses to write over a runbook that is no longer what it read.
describe('runbook review while the runbook is edited', () => {
  it('refuses with doc/changed and keeps the edit; a second review writes its findings', async () => {
    const ws = tempDir();
    expect(cli(['init'], { cwd: ws }).code).toBe(0);
    put(ws, '.agent/cache/stories/WEB/WEB-1.md', STORY);
    put(ws, 'src/export.ts', 'export {};\n');
    expect(cli(['runbook', 'new', 'WEB-1'], { cwd: ws }).code).toBe(0);
    const path = join(ws, '.agent/cache/runbooks/WEB/WEB-1-runbook.md');
    const edited = `${readFileSync(path, 'utf8')}\nA note saved while the panel ran.\n`;

    let saved = false;
    fake = await startFakeLlm({
      kind: 'answer',
      content: () => {
        if (!saved) writeFileSync(path, edited);
        saved = true;
        return '{"findings":[]}';
      },
    });
    const env = { PAPERTRAIL_LLM_URL: fake.url, PAPERTRAIL_LLM_MODEL: 'fake-1' };
    const r = await cliAsync(['runbook', 'review', 'WEB-1', '--ai', '--json'], { cwd: ws, env });
    expect(saved).toBe(true);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error.code).toBe('doc/changed');
    expect(readFileSync(path, 'utf8')).toBe(edited);

    const again = await cliAsync(['runbook', 'review', 'WEB-1', '--ai', '--json'], { cwd: ws, env });
    expect(again.code).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('A note saved while the panel ran.');
    expect(text).toContain('## Panel Findings');
  }, 60_000);
});

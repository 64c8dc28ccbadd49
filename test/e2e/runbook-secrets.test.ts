import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPHA, fakes } from '../../bench/secrets/corpus.js';
import { cli, tempDir } from '../helpers/cli.js';

const put = (root: string, file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};

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

const RB = '.agent/cache/runbooks/WEB/WEB-1-runbook.md';

/** A workspace whose runbook passes review: every box ticked, ready to accept. */
function reviewed(): { ws: string; path: string; text: string } {
  const ws = tempDir();
  expect(cli(['init'], { cwd: ws }).code).toBe(0);
  put(ws, '.agent/cache/stories/WEB/WEB-1.md', STORY);
  put(ws, 'src/export.ts', 'export {};\n');
  expect(cli(['runbook', 'new', 'WEB-1'], { cwd: ws }).code).toBe(0);
  const r = cli(['runbook', 'review', 'WEB-1'], { cwd: ws });
  expect(r.stdout).toContain('0 blocking');
  expect(r.code).toBe(0);
  const path = join(ws, RB);
  return { ws, path, text: readFileSync(path, 'utf8') };
}

// A token generated at run time: shape-correct, marked FAKE, never a literal in the repository.
const token = `ghp_${fakes(9).fake(ALPHA.alnum, 36)}`;

describe('the runbook secret check reads the panel sections too', () => {
  it('refuses to accept a runbook with a token in ## Panel Findings, at its line', () => {
    const { ws, path, text } = reviewed();
    expect(text).toContain('## Panel Findings');
    const leaked = text.replace(/(## Panel Findings\n)/, `$1\nDebug token used for the review: ${token}\n`);
    writeFileSync(path, leaked);
    const line = leaked.split('\n').findIndex((l) => l.includes(token)) + 1;
    const acc = cli(['runbook', 'accept', 'WEB-1'], { cwd: ws });
    expect(acc.code).toBe(1);
    expect(acc.stderr).toContain('error runbook/not-approved');
    expect(acc.stderr).toContain(`${RB}:${line}:`);
    expect(acc.stderr).not.toContain(token);
    expect(readFileSync(path, 'utf8')).toBe(leaked);
  });

  it('refuses to accept a runbook with a token in ## Acceptance', () => {
    const { ws, path, text } = reviewed();
    const leaked = `${text.trimEnd()}\n\n## Acceptance\n\n- Deployed with GITHUB_TOKEN=${token}\n`;
    writeFileSync(path, leaked);
    const json = cli(['runbook', 'accept', 'WEB-1', '--json'], { cwd: ws });
    expect(json.code).toBe(1);
    const err = JSON.parse(json.stdout).error;
    expect(err.code).toBe('runbook/not-approved');
    expect(err.location.line).toBe(leaked.split('\n').findIndex((l) => l.includes(token)) + 1);
    expect(err.details.blocking.map((f: { rule: string }) => f.rule)).toEqual(['PT-SEC-001']);
    expect(json.stdout).not.toContain(token);
    expect(readFileSync(path, 'utf8')).toBe(leaked);
  });
});

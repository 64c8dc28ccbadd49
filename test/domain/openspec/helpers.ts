import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import type { Finding } from '../../../src/domain/findings/index.js';

/** `code@line` for each finding, the compact form most assertions compare. */
export function at(findings: Finding[]): string[] {
  return findings.map((f) => `${f.code.replace('openspec/', '')}@${f.line ?? '-'}`);
}

export function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code.replace('openspec/', ''));
}

/** Joins lines so fixtures read like the files they stand for. */
export function md(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A workspace in a temp folder with the given files (paths relative to it). */
export function tree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'pt-os-unit-'));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

export const GOOD_SPEC = md(
  '# auth Specification',
  '',
  '## Purpose',
  'Authentication: how users prove who they are before they get in.',
  '',
  '## Requirements',
  '### Requirement: Login',
  'The system SHALL let a user log in.',
  '',
  '#### Scenario: Valid password',
  '- **WHEN** the password is right',
  '- **THEN** a session starts',
  '',
  '#### Scenario: Wrong password',
  '- **WHEN** the password is wrong',
  '- **THEN** the login is refused',
  '',
  '### Requirement: Logout',
  'The system SHALL end the session on logout.',
  '',
  '#### Scenario: Logout',
  '- **WHEN** the user logs out',
  '- **THEN** the session ends',
);

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { version } from '../../src/base/index.js';

// The version the MCP server, SARIF output and the validate cache report is the package's own.
describe('version', () => {
  it('is the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(version()).toBe(pkg.version);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeMcpConfig } from '../../../src/app/workflow/assistant/index.js';
import { diffFiles } from '../../../src/app/workflow/bootstrap/prepare.js';

const PAPERTRAIL = { type: 'stdio', command: 'npx', args: ['--no-install', 'papertrail-spec', 'mcp'] };
const merged = (text: string, path = '.vscode/mcp.json') => {
  const r = mergeMcpConfig(path, text);
  if (r.action !== 'merge') throw new Error(`expected a merge, got ${JSON.stringify(r)}`);
  return r.content;
};

describe('mergeMcpConfig', () => {
  it('adds papertrail after the other servers, in the file’s own indentation', () => {
    const text = '{\n\t"servers": {\n\t\t"a": { "command": "a" }\n\t},\n\t"inputs": []\n}\n';
    expect(merged(text)).toBe(
      `{\n\t"servers": {\n\t\t"a": { "command": "a" },\n\t\t"papertrail": ${JSON.stringify(PAPERTRAIL, null, '\t').replace(/\n/g, '\n\t\t')}\n\t},\n\t"inputs": []\n}\n`,
    );
  });

  it('keeps comments and trailing commas, and a comment after the last server stays on its line', () => {
    const text = '{\n  "servers": {\n    "a": { "command": "a" }, // ours\n    /* more */\n  },\n}\n';
    const out = merged(text);
    expect(out).toContain('"a": { "command": "a" }, // ours\n    "papertrail": {');
    expect(out.endsWith(']\n    }\n    /* more */\n  },\n}\n')).toBe(true);
  });

  it('adds the servers key when the file has none, and fills an empty one', () => {
    expect(JSON.parse(merged('{\n  "inputs": []\n}\n', '.mcp.json'))).toEqual({
      inputs: [],
      mcpServers: { papertrail: PAPERTRAIL },
    });
    expect(JSON.parse(merged('{"servers":{}}'))).toEqual({ servers: { papertrail: PAPERTRAIL } });
    expect(JSON.parse(merged('{}'))).toEqual({ servers: { papertrail: PAPERTRAIL } });
  });

  it('updates the entry earlier versions wrote and keeps one the project wrote itself', () => {
    const former = JSON.stringify({
      servers: { papertrail: { type: 'stdio', command: 'npx', args: ['papertrail', 'mcp'] }, b: {} },
    });
    expect(JSON.parse(merged(former))).toEqual({ servers: { papertrail: PAPERTRAIL, b: {} } });
    expect(mergeMcpConfig('.vscode/mcp.json', '{"servers":{"papertrail":{"command":"node"}}}')).toEqual({
      action: 'keep',
    });
    expect(
      mergeMcpConfig('.vscode/mcp.json', JSON.stringify({ servers: { papertrail: PAPERTRAIL } })),
    ).toEqual({
      action: 'keep',
    });
  });

  it('leaves what it cannot read alone and says what to add', () => {
    for (const [text, why] of [
      ['{"servers": ', 'it is not valid JSON'],
      ['[]', 'it does not hold a JSON object'],
      ['{"servers": []}', 'its "servers" is not an object'],
      ['{"servers": {} /* open', 'it is not valid JSON'],
    ]) {
      expect(mergeMcpConfig('.vscode/mcp.json', text!)).toEqual({
        action: 'manual',
        why,
        add: `"papertrail": ${JSON.stringify(PAPERTRAIL)} (inside "servers")`,
      });
    }
  });

  it('for any configuration of other servers, adds papertrail and changes nothing else', () => {
    const server = fc.record({ command: fc.string(), args: fc.array(fc.string(), { maxLength: 3 }) });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== 'papertrail' && k !== '__proto__'),
          server,
          {
            maxKeys: 4,
          },
        ),
        fc.constantFrom(0, 2, '\t'),
        fc.dictionary(fc.constantFrom('inputs', 'x', '$schema'), fc.jsonValue(), { maxKeys: 2 }),
        (servers, indent, rest) => {
          const value = { ...rest, servers };
          const out = merged(JSON.stringify(value, null, indent));
          // Through JSON text, as the file is: -0 is written as 0, so the expectation is read back too.
          const expected = JSON.parse(
            JSON.stringify({ ...value, servers: { ...servers, papertrail: PAPERTRAIL } }),
          );
          expect(JSON.parse(out)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('bootstrap merges only the MCP configurations, not a file whose name is an object property', () => {
    const desired = ['.mcp.json', 'constructor', 'toString'].map((path) => ({
      path,
      content: '{}',
      owned: true,
    }));
    const { files } = diffFiles(desired, () => '{"mcpServers":{}}');
    expect(files).toEqual([
      { path: '.mcp.json', action: 'update' },
      { path: 'constructor', action: 'keep' },
      { path: 'toString', action: 'keep' },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, snapshot } from '../../helpers/cli.js';
import { type McpSession, mcpSession } from '../../helpers/mcp.js';

const requirement = {
  name: 'A',
  statement: 'The system SHALL do A.',
  scenarios: [{ name: 'S', when: 'w', then: 't' }],
};

// The edges an assistant meets: optional fields that are optional, replies that carry a document
// once, and input too large to handle refused with an error while the server goes on.
describe('MCP edges', () => {
  let ws: string;
  let s: McpSession;
  beforeAll(async () => {
    ws = seedWorkspace({ spec: false });
    s = await mcpSession(ws, { PAPERTRAIL_MCP_MAX_ARGUMENT: '64KiB', PAPERTRAIL_MCP_MAX_REQUEST: '256KiB' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a scenario without `given` is accepted, as the schema advertises', async () => {
    const r = await s.ok('spec', { proposal: 'PROP-0001', requirements: [requirement], dry_run: true });
    expect(r).toMatchObject({ ok: true, id: 'SPEC-0001', dryRun: true });
  });

  it('a dry run carries the document once: after the JSON, not inside it', async () => {
    const r = await s.call('spec', { proposal: 'PROP-0001', requirements: [requirement], dry_run: true });
    const [json, doc] = r.content as { type: string; text: string }[];
    expect(r.content).toHaveLength(2);
    expect(doc!.text).toContain('The system SHALL do A.');
    expect(json!.text).not.toContain('SHALL do A');
    expect(JSON.stringify(r.structuredContent)).not.toContain('SHALL do A');
    expect(JSON.stringify(r).split('SHALL do A').length - 1).toBe(1);
  });

  it('an argument over the limit is refused with input/too-large, and nothing runs', async () => {
    const before = snapshot(ws);
    const e = await s.fail('propose', {
      title: 'Big',
      problem: 'x'.repeat(100 * 1024),
      goals: ['g'],
      recommendation: 'r',
    });
    expect(e).toMatchObject({ code: 'input/too-large', exit: 2 });
    expect(e.message).toBe('Argument "problem" is 100 KiB, over the 64 KiB an argument may be');
    expect(e.hint).toContain('PAPERTRAIL_MCP_MAX_ARGUMENT');
    expect(snapshot(ws)).toEqual(before);
  });

  it('a request over the limit gets an error naming the code, and the server answers the next one', async () => {
    const big = Array.from({ length: 40 }, (_, i) => `goal ${i} ${'y'.repeat(10 * 1024)}`);
    await expect(
      s.call('propose', { title: 'Big', problem: 'p', goals: big, recommendation: 'r' }),
    ).rejects.toThrow(
      /^MCP error -32600: input\/too-large: the request is [\d.]+ KiB, over the 256 KiB a request may be/,
    );
    expect((await s.ok('list')).documents).toHaveLength(1);
    expect(s.stderr()).toContain('input/too-large');
  });
});

describe('MCP request size, by default', () => {
  it('a 12 MB request is refused and the server stays up', async () => {
    const ws = seedWorkspace({ spec: false });
    const s = await mcpSession(ws);
    try {
      await expect(
        s.call('propose', {
          title: 'Huge',
          problem: 'z'.repeat(12 * 1024 * 1024),
          goals: ['g'],
          recommendation: 'r',
        }),
      ).rejects.toThrow(
        /^MCP error -32600: input\/too-large: the request is 12 MiB, over the 4 MiB a request may be/,
      );
      // Under the request limit but over the argument limit: a tool error, not a dropped connection.
      expect(
        await s.fail('propose', {
          title: 'Big',
          problem: 'z'.repeat(2 * 1024 * 1024),
          goals: ['g'],
          recommendation: 'r',
        }),
      ).toMatchObject({ code: 'input/too-large' });
      expect((await s.ok('list')).documents).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});

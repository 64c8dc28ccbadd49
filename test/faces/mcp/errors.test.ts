import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, seedWorkspace, snapshot, tempDir } from '../../helpers/cli.js';
import { type McpSession, mcpSession } from '../../helpers/mcp.js';

const scenario = { name: 'S', given: 'x', when: 'y', then: 'z' };
const requirement = (name: string, depends_on: string[] = []) => ({
  name,
  statement: `The system SHALL do ${name}.`,
  scenarios: [scenario],
  depends_on,
});

/** The CLI's --json error for the same request given with --from, to compare with the tool error. */
function cliError(ws: string, args: string[], request: unknown) {
  const file = join(tempDir(), 'request.json');
  writeFileSync(file, JSON.stringify(request));
  const r = cli([...args, '--from', file, '--json'], { cwd: ws });
  return JSON.parse(r.stdout).error;
}

// A bad argument is an MCP tool error (isError) with the CLI's code, hint and location, and changes
// nothing on disk; the session stays usable.
describe('MCP tool errors', () => {
  let ws: string;
  let s: McpSession;
  let before: Map<string, string>;
  beforeAll(async () => {
    ws = seedWorkspace();
    before = snapshot(ws);
    s = await mcpSession(ws);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a schema violation names the field', async () => {
    const e = await s.fail('propose', { title: 'X', problem: 'p', goals: 'one goal', recommendation: 'r' });
    expect(e).toMatchObject({ code: 'input/invalid', exit: 2, location: { file: '<arguments>' } });
    expect(e.message).toBe('proposal request: "goals" must be Array but received "one goal"');
    expect(e.details).toEqual([expect.objectContaining({ path: 'goals' })]);

    const unknown = await s.fail('propose', {
      title: 'X',
      problem: 'p',
      goals: ['g'],
      recommendation: 'r',
      colour: 'red',
    });
    expect(unknown).toMatchObject({
      code: 'input/unknown-field',
      message: 'proposal request: unknown field "colour"',
    });

    expect(await s.fail('status', { id: 'PROP-0001', status: 'review', dry_run: 'yes' })).toMatchObject({
      code: 'input/invalid',
      message: expect.stringContaining('"dry_run"'),
    });
    const noShall = await s.fail('requirement_add', {
      doc: 'SPEC-0001',
      ...requirement('Caching'),
      statement: 'The system caches images.',
    });
    expect(noShall).toMatchObject({
      code: 'input/invalid',
      message: expect.stringContaining('SHALL or MUST'),
    });
    expect(await s.fail('spec', { requirements: [requirement('A')] })).toMatchObject({
      code: 'usage/missing-argument',
      exit: 2,
    });
  });

  it('an unknown ID is not-found, exactly as the CLI reports it', async () => {
    const request = { proposal: 'PROP-0099', requirements: [requirement('A')] };
    const e = await s.fail('spec', request);
    expect(e).toMatchObject({ code: 'doc/not-found', exit: 3, hint: expect.stringContaining('PROP-0001') });
    expect(e).toEqual(cliError(ws, ['spec'], request));
    expect(await s.fail('show', { id: 'SPEC-0042' })).toMatchObject({ code: 'doc/not-found' });
    expect(await s.fail('show', { id: 'SPEC-0001/REQ-009' })).toMatchObject({
      code: 'requirement/not-found',
    });
    expect(await s.fail('status', { id: 'SPEC-0001', status: 'implemented' })).toMatchObject({ exit: 3 });
    expect(await s.fail('no_such_tool')).toMatchObject({ code: 'tool/not-found' });
  });

  it('a document that would not validate is refused with its location', async () => {
    const request = {
      proposal: 'PROP-0001',
      title: 'Runner Autoscaler',
      requirements: [requirement('A', ['B']), requirement('B', ['A'])],
    };
    const e = await s.fail('spec', request);
    expect(e).toMatchObject({
      code: 'graph/cycle',
      exit: 1,
      location: { file: 'docs/specs/SPEC-0002-runner-autoscaler.md', line: expect.any(Number) },
    });
    expect(e).toEqual(cliError(ws, ['spec'], request));
    const r = await s.call('spec', { ...request, dry_run: true });
    expect(r.isError).toBe(true);
    expect(r.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringMatching(/^error graph\/cycle: /),
    });
  });

  it('changed nothing on disk, and the session still works', async () => {
    expect(snapshot(ws)).toEqual(before);
    expect((await s.ok('validate')).ok).toBe(true);
  });
});

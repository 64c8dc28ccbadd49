import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, seedWorkspace, snapshot, tempDir } from '../helpers/cli.js';

const EX = join(ROOT, 'examples/seed-000');

describe('option values outside their set are refused, with a did-you-mean', () => {
  let ws: string;
  beforeAll(() => {
    ws = seedWorkspace();
  });

  it('list --status with a typo: usage/unknown-status, exit 2, not "No documents yet"', () => {
    const r = cli(['list', '--status', 'aproved'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error usage/unknown-status: "aproved" is not a known document status');
    expect(r.stderr).toContain('Did you mean approved?');
  });

  it('list --kind foo: usage/unknown-kind, exit 2; one bad value among good ones is refused too', () => {
    const r = cli(['list', '--kind', 'foo'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error usage/unknown-kind: "foo" is not a known document kind');
    expect(r.stderr).toContain('Use one of: proposal, spec, extension, standard.');
    const mixed = cli(['list', '--kind', 'spec,propsal', '--json'], { cwd: ws });
    expect(mixed.code).toBe(2);
    const err = JSON.parse(mixed.stdout).error;
    expect(err.code).toBe('usage/unknown-kind');
    expect(err.hint).toContain('Did you mean proposal?');
  });

  it('an issue or pull request number past what the store keeps: usage/bad-number, exit 2, not a bug', () => {
    for (const args of [
      ['gate', 'approve', '3000000000', 'review', '--reason', 'y'],
      ['issue', 'close', '2147483648'],
      ['pr', 'merge', '99999999999'],
    ]) {
      const r = cli(args, { cwd: ws });
      expect([r.code, r.stderr], args.join(' ')).toEqual([
        2,
        expect.stringContaining('error usage/bad-number: '),
      ]);
      expect(r.stderr).toContain('up to 2147483647');
    }
  });

  it('known kinds and statuses still filter (plurals and commas as before)', () => {
    const r = cli(['list', '--kind', 'specs', '--status', 'approved,draft', '--json'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).documents.map((d: { id: string }) => d.id)).toEqual(['SPEC-0001']);
    const none = cli(['list', '--status', 'rejected'], { cwd: ws });
    expect(none.code).toBe(0);
  });

  it('graph --format and --level: usage/unknown-value with a stable code under --json', () => {
    const r = cli(['graph', '--format', 'mermiad'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error usage/unknown-value: "mermiad" is not a known value of --format');
    expect(r.stderr).toContain('Did you mean mermaid?');
    const j = cli(['graph', '--level', 'doc', '--json'], { cwd: ws });
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error).toMatchObject({ code: 'usage/unknown-value', exit: 2 });
    expect(JSON.parse(j.stdout).error.hint).toContain('Did you mean docs?');
  });

  it('init --forge or --tools with a typo writes nothing', () => {
    const dir = tempDir();
    const r = cli(['init', '--forge', 'gihub'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean github?');
    expect(readdirSync(dir)).toEqual([]);
    const tools = cli(['init', '--tools', 'copilot,claud'], { cwd: dir });
    expect(tools.code).toBe(2);
    expect(tools.stderr).toContain('error usage/bad-tools');
    expect(tools.stderr).toContain('Did you mean claude?');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('status with a misspelt status names the near one', () => {
    const before = snapshot(ws);
    const r = cli(['status', 'SPEC-0001', 'aproved'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error status/unknown');
    expect(r.stderr).toContain('Did you mean approved?');
    expect(snapshot(ws)).toEqual(before);
  });
});

describe('status superseded --by refuses a successor that cannot stand', () => {
  let ws: string;
  beforeAll(() => {
    ws = seedWorkspace({ spec: false });
    for (const args of [
      ['propose', '--from', join(EX, 'prop-0001.yaml'), '--allow-duplicate', '--title', 'Runner Pool'],
      ['status', 'PROP-0002', 'approved'],
    ])
      expect(cli(args, { cwd: ws }).code).toBe(0);
  });

  it('by itself: status/superseded-by-itself, exit 2, the file named, nothing written', () => {
    const before = snapshot(ws);
    const r = cli(['status', 'PROP-0001', 'superseded', '--by', 'prop-0001'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^docs\/proposals\/PROP-0001-[a-z-]+\.md: error status\/superseded-by-itself: PROP-0001 cannot be superseded by itself/,
    );
    expect(snapshot(ws)).toEqual(before);
  });

  it('by a missing document, or one of another kind: doc/not-found', () => {
    const spec = cli(['spec', 'PROP-0001', '--from', join(EX, 'spec-0001.json')], { cwd: ws });
    expect(spec.code).toBe(0);
    const before = snapshot(ws);
    for (const by of ['PROP-0042', 'SPEC-0001']) {
      const r = cli(['status', 'PROP-0001', 'superseded', '--by', by], { cwd: ws });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`error doc/not-found: ${by} does not exist (looking for a proposal)`);
    }
    expect(snapshot(ws)).toEqual(before);
  });

  it('in a circle: A by B, then B by A is refused at the link that closes it', () => {
    const ok = cli(['status', 'PROP-0001', 'superseded', '--by', 'PROP-0002'], { cwd: ws });
    expect(ok.code).toBe(0);
    const before = snapshot(ws);
    const r = cli(['status', 'PROP-0002', 'superseded', '--by', 'PROP-0001', '--json'], { cwd: ws });
    expect(r.code).toBe(3);
    const err = JSON.parse(r.stdout).error;
    expect(err.code).toBe('status/supersede-cycle');
    expect(err.message).toContain('PROP-0002 → PROP-0001 → PROP-0002');
    const prop1 = readdirSync(join(ws, 'docs/proposals')).find((f) => f.startsWith('PROP-0001'))!;
    expect(err.location.file).toBe(`docs/proposals/${prop1}`);
    const line = readFileSync(join(ws, 'docs/proposals', prop1), 'utf8').split('\n')[err.location.line - 1];
    expect(line).toContain('PROP-0002');
    expect(snapshot(ws)).toEqual(before);
  });
});

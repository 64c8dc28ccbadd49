// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions' own ${{ }} expressions, written as they appear in a workflow
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkflow, workflowErrors } from '../helpers/actions-workflow.js';
import { cli, snapshot, tempDir } from '../helpers/cli.js';

const FILE = '.github/workflows/papertrail-executors.yml';

function workspace(config = ''): string {
  const ws = tempDir();
  const r = cli(['init'], { cwd: ws });
  if (r.code !== 0) throw new Error(r.stderr);
  if (config)
    writeFileSync(
      join(ws, 'papertrail.yaml'),
      `${readFileSync(join(ws, 'papertrail.yaml'), 'utf8')}${config}`,
    );
  return ws;
}

const read = (ws: string) => readFileSync(join(ws, FILE), 'utf8');

describe('papertrail ci init', () => {
  it('writes the workflow GitHub accepts; a second run changes nothing', async () => {
    const ws = workspace();
    const r = cli(['ci', 'init', '--command', './scripts/agent.sh'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${FILE} (collector strategy; pushes to papertrail/ledger start it)`);
    const text = read(ws);
    expect(await workflowErrors(text)).toEqual([]);
    expect(Object.keys(readWorkflow(text).jobs)).toEqual(['orchestrate', 'execute', 'collect', 'chain']);
    const before = statSync(join(ws, FILE)).mtimeMs;

    const again = cli(['ci', 'init', '--command', './scripts/agent.sh', '--json'], { cwd: ws });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).files).toEqual([{ path: FILE, action: 'unchanged' }]);
    expect(read(ws)).toBe(text);
    expect(statSync(join(ws, FILE)).mtimeMs).toBe(before);
  });

  it('the ledger branch of papertrail.yaml; another strategy or flag updates its own file', async () => {
    const ws = workspace('execution:\n  ledger:\n    branch: ops/ledger\n');
    expect(cli(['ci', 'init', '--command', 'x'], { cwd: ws }).code).toBe(0);
    expect(readWorkflow(read(ws)).on.push).toEqual({ branches: ['ops/ledger'] });
    const r = cli(
      ['ci', 'init', '--command', 'x', '--strategy', 'producer', '--pre-claim', '--runs-on', 'self-hosted'],
      {
        cwd: ws,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`updated ${FILE} (producer strategy`);
    const wf = readWorkflow(read(ws));
    expect(Object.keys(wf.jobs)).toEqual(['orchestrate', 'execute', 'chain']);
    expect(wf.jobs.execute!['runs-on']).toBe('self-hosted');
    expect(await workflowErrors(read(ws))).toEqual([]);
  });

  it('--dry-run prints the workflow and writes nothing', () => {
    const ws = workspace();
    const before = snapshot(ws);
    const r = cli(['ci', 'init', '--command', 'x', '--dry-run'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`would write ${FILE}`);
    expect(r.stdout).toContain('name: Papertrail executors');
    expect(snapshot(ws)).toEqual(before);
    const json = JSON.parse(cli(['ci', 'init', '--command', 'x', '--dry-run', '--json'], { cwd: ws }).stdout);
    expect(json.files[0]).toMatchObject({ path: FILE, action: 'create' });
    expect(json.files[0].content).toMatch(/^# Written by papertrail ci init/);
    // What it shows is what the real run writes.
    expect(cli(['ci', 'init', '--command', 'x'], { cwd: ws }).code).toBe(0);
    expect(read(ws)).toBe(json.files[0].content);
  });

  it('refuses to replace a workflow it did not write, or one edited since; --force replaces it', () => {
    const ws = workspace();
    mkdirSync(join(ws, '.github/workflows'), { recursive: true });
    writeFileSync(join(ws, FILE), 'name: ours\non: push\n');
    const before = snapshot(ws);
    const r = cli(['ci', 'init', '--command', 'x', '--json'], { cwd: ws });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: 'ci/not-ours',
      location: { file: FILE, line: 1, column: 1 },
    });
    expect(snapshot(ws)).toEqual(before);

    const forced = cli(['ci', 'init', '--command', 'x', '--force'], { cwd: ws });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`replaced (--force) ${FILE}`);

    writeFileSync(join(ws, FILE), read(ws).replace('fail-fast: false', 'fail-fast: true'));
    const edited = snapshot(ws);
    const e = cli(['ci', 'init', '--command', 'x'], { cwd: ws });
    expect(e.code).toBe(3);
    expect(e.stderr).toContain(`${FILE}:1:1: error ci/edited:`);
    expect(snapshot(ws)).toEqual(edited);
  });

  it('--schedule adds a schedule trigger GitHub accepts; a line that is not cron is refused (exit 2)', async () => {
    const ws = workspace();
    const before = snapshot(ws);
    const bad = cli(['ci', 'init', '--command', 'x', '--schedule', '*/30 * * *', '--json'], { cwd: ws });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      code: 'ci/bad-schedule',
      message: expect.stringContaining('it has 4 field(s); a cron line has 5'),
    });
    const hour = cli(['ci', 'init', '--command', 'x', '--schedule', '0 25 * * *'], { cwd: ws });
    expect(hour.code).toBe(2);
    expect(hour.stderr).toContain('error ci/bad-schedule: --schedule "0 25 * * *"');
    expect(snapshot(ws)).toEqual(before);

    const r = cli(['ci', 'init', '--command', 'x', '--schedule', ' */30  * * * * '], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(readWorkflow(read(ws)).on.schedule).toEqual([{ cron: '*/30 * * * *' }]);
    expect(await workflowErrors(read(ws))).toEqual([]);
  });

  it('usage errors: no --command, an unknown strategy, ${{ in the command (exit 2, nothing written)', () => {
    const ws = workspace();
    const before = snapshot(ws);
    expect(cli(['ci', 'init'], { cwd: ws }).code).toBe(2);
    const s = cli(['ci', 'init', '--command', 'x', '--strategy', 'batch'], { cwd: ws });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('usage/unknown-value');
    const x = cli(['ci', 'init', '--command', 'echo ${{ secrets.TOKEN }}'], { cwd: ws });
    expect(x.code).toBe(2);
    expect(x.stderr).toContain('ci/expression-in-command');
    expect(snapshot(ws)).toEqual(before);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  auditVerify,
  exportArtifacts,
  readCheckpoint,
  workClaim,
  workComplete,
  workSchedule,
} from '../../../src/app/execution/index.js';
import { type App, withStore } from '../../../src/app/kernel/index.js';
import { appendRecord } from '../../../src/domain/execution/index.js';
import { auditHead, readAudit } from '../../../src/ports/store/index.js';
import { cli, tempDir } from '../../helpers/cli.js';
import { artifacts, backendsAvailable, type Planned, planned } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const names = await backendsAvailable('export artifacts');

async function step(app: App): Promise<void> {
  const c = await workClaim(app, { executor: 'agent-1' });
  await workComplete(app, { attempt: c!.attempt, token: c!.token });
}

/** Every file under `dir` with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (f.isFile())
      out[join(f.parentPath, f.name).slice(dir.length + 1)] = readFileSync(
        join(f.parentPath, f.name),
        'utf8',
      );
  return out;
}

/** Edits record `seq` and re-hashes it and every later one, head row included: a rewritten tail. */
async function rewriteFrom(app: App, seq: number): Promise<void> {
  await withStore(app, async (s) => {
    const all = await readAudit(s.x);
    let last = all[seq - 2] ?? null;
    for (const r of all.slice(seq - 1)) {
      const n = appendRecord(last, {
        at: r.at,
        actor: r.seq === seq ? 'mallory' : r.actor,
        type: r.type,
        data: r.data,
      });
      await sql`update audit_records set prev = ${n.prev}, hash = ${n.hash}, actor = ${n.actor} where seq = ${n.seq}`.execute(
        s.x.db,
      );
      last = n;
    }
    await sql`update audit_head set hash = ${last!.hash} where id`.execute(s.x.db);
  });
}

describe.each(names)('export-artifacts on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('writes every artifact and the checkpoint, the same bytes again; the checkpoint finds a rewritten tail', async () => {
    p = await planned(backend);
    const app = p.app;
    await workSchedule(app);
    for (let i = 0; i < 3; i++) await step(app);
    const dir = join(tempDir(), 'out');

    const r = await exportArtifacts(app, { dir });
    const stored = await artifacts(app);
    expect(r.files).toHaveLength(stored.length);
    expect(r.written).toBe(stored.length + 1);
    for (const f of r.files)
      expect(f).toMatch(
        /^handoff\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(\.\d{3})?Z-issue-2-\w+-\d+(-[a-z-]+)?\.json$/,
      );
    expect(new Set(r.files).size).toBe(r.files.length);
    expect(r.files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))).toEqual(stored);
    const head = await withStore(app, (s) => auditHead(s.x));
    expect(JSON.parse(readFileSync(join(dir, 'audit-checkpoint.json'), 'utf8'))).toEqual(head);

    const before = snapshot(dir);
    const again = await exportArtifacts(app, { dir });
    expect(again.written).toBe(0);
    expect(snapshot(dir)).toEqual(before);

    // The chain grows past the checkpoint: still reaches it.
    await step(app);
    const checkpoint = readCheckpoint(app, join(dir, 'audit-checkpoint.json'));
    expect(await auditVerify(app, { checkpoint })).toMatchObject({ ok: true });

    // Rewritten from inside the checkpoint on, hashes and head row made to fit: only the checkpoint tells.
    await rewriteFrom(app, checkpoint.length - 1);
    expect((await auditVerify(app)).ok).toBe(true);
    expect(await auditVerify(app, { checkpoint })).toMatchObject({
      ok: false,
      break: { problem: 'rewritten' },
    });
  });

  it('on the command line: --json, audit verify --checkpoint, and exit 3 for a file that is no checkpoint', async () => {
    if (backend !== 'pglite') return;
    p = await planned(backend);
    const run = (...args: string[]) => cli(args, { cwd: p.repo, env: p.env });
    expect(run('work', 'schedule').code).toBe(0);
    const out = run('work', 'export-artifacts', '--json');
    expect(out.code).toBe(0);
    const r = JSON.parse(out.stdout) as { ok: boolean; dir: string; files: string[]; written: number };
    expect(r).toMatchObject({ ok: true, dir: 'artifacts', files: [], written: 1 });
    const v = run('audit', 'verify', '--checkpoint', 'artifacts/audit-checkpoint.json');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/reaches the checkpoint/);
    const bad = run('audit', 'verify', '--checkpoint', 'papertrail.yaml', '--json');
    expect(bad.code).toBe(3);
    expect(bad.stdout + bad.stderr).toMatch(/audit\/bad-checkpoint/);
  });
});

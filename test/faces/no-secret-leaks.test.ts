import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  auditVerify,
  exportArtifacts,
  workClaim,
  workComplete,
  workFail,
  workSchedule,
} from '../../src/app/execution/index.js';
import { type App, withStore } from '../../src/app/kernel/index.js';
import { type Running, startServer } from '../../src/faces/http/index.js';
import { type Planned, planned } from '../app/execution/workspace.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from '../app/ops/workspace.js';
import { type FakeLlm, startFakeLlm } from '../fakes/openai.js';
import { mcpSession } from '../helpers/mcp.js';
import { openSse } from './http/sse.js';

// Secrets planted on every path out, then looked for everywhere they could land: every table of the
// store (dumped, on the embedded store and on Postgres), the embedded store's files, the files
// written, the HTTP responses and the event streams (what the browser page reads), an MCP call's
// result and the server's log. None may be found.

vi.setConfig({ testTimeout: 240_000 });
const names = await backendsAvailable('no secret leaks');

const alnum = (n: number, upper = false) => {
  const abc = upper
    ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
    : 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(n)].map((b) => abc[b % abc.length]).join('');
};

// Made at run time: no secret is in a file of this repository, nor in the template a run stores.
const S = {
  /** In the environment, under a name that says it is one (not one of the three named in the code). */
  env: `envtok-${alnum(20)}`,
  /** A password in papertrail.yaml: a health check's URL. */
  config: `cfgPw-${alnum(16)}`,
  /** Shaped like an AWS access key, known to no one: only the patterns can find it. */
  aws: `AKIA${alnum(16, true)}`,
  /** Shaped like a GitHub token, printed in two chunks with a pause between. */
  gh: `ghp_${alnum(36)}`,
  /** Another, that only a server's error message carries. */
  ghServer: `ghp_${alnum(36)}`,
  /** A GitHub token given as a run's input. */
  ghInput: `ghp_${alnum(36)}`,
};

const TEMPLATE = `slug: leak
title: Leak
kind: healthcheck
keywords: [leak]
risk: { level: low, codes: [READ_ONLY] }
inputs:
  - name: word
    required: true
phases:
  - name: Say
    steps:
      - id: say
        run: |
          printf '%s\\n' "env: $DEPLOY_API_TOKEN" "input: $PT_INPUT_WORD" "aws: $PIECE_AWS_A$PIECE_AWS_B"
          sed -n 's/.*probe:\\([^@]*\\)@.*/config: \\1/p' papertrail.yaml
          printf 'gh: %s' "$PIECE_GH_A"; sleep 0.3; printf '%s done\\n' "$PIECE_GH_B"
          printf 'env split: %s' "$PIECE_ENV_A"; sleep 0.3; printf '%s done\\n' "$PIECE_ENV_B"
  - name: Ask
    steps:
      - id: draft
        ask:
          prompt: "Say hello"
          maxTokens: 20
`;

const OPS_YAML = `environments:
  prod:
    health:
      - url: https://probe:${S.config}@prod.example.org/health
    deploy:
      command: ./deploy.sh
`;

const PLANT_ENV: Record<string, string> = {
  DEPLOY_API_TOKEN: S.env,
  PIECE_AWS_A: S.aws.slice(0, 9),
  PIECE_AWS_B: S.aws.slice(9),
  PIECE_GH_A: S.gh.slice(0, 17),
  PIECE_GH_B: S.gh.slice(17),
  PIECE_ENV_A: S.env.slice(0, 11),
  PIECE_ENV_B: S.env.slice(11),
};

/** Every secret (and a long piece of each) found in `text`, by name. */
function leaks(where: string, text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(S))
    for (const probe of [value, value.slice(-14)])
      if (text.includes(probe)) found.push(`${name} in ${where}`);
  return [...new Set(found)];
}

/** Every row of every table of the store, as text. */
function dumpStore(app: App): Promise<string> {
  return withStore(app, async ({ x }) => {
    const { rows: tables } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(x.db);
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['runs', 'run_events', 'audit_records']),
    );
    const parts: string[] = [];
    for (const t of tables) {
      const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(t.name)} t`.execute(
        x.db,
      );
      parts.push(`${t.name}:\n${rows.map((r) => r.row).join('\n')}`);
    }
    return parts.join('\n');
  });
}

/** Every file under `dir` but those listed, as text (bytes as latin1: a store's pages too). */
function readTree(dir: string, skip: (rel: string) => boolean): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const rel = relative(dir, p);
      if (skip(rel)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.push([rel, readFileSync(p).toString('latin1')]);
    }
  };
  walk(dir);
  return out;
}

const plant = () => {
  for (const [k, v] of Object.entries(PLANT_ENV)) process.env[k] = v;
};
const unplant = () => {
  for (const k of Object.keys(PLANT_ENV)) delete process.env[k];
  delete process.env.PAPERTRAIL_LLM_URL;
};

describe.each(names)('no secret leaks from a run on %s', (backend) => {
  let w: OpsWorkspace;
  let s: Running | undefined;
  let llm: FakeLlm | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
    await llm?.close();
    unplant();
    await w?.cleanup();
  });

  it('plants secrets on every path of a run and finds none in the store, files, responses, streams or logs', async () => {
    w = await opsWorkspace(backend, OPS_YAML);
    w.write('.papertrail/runs/leak.yaml', TEMPLATE);
    llm = await startFakeLlm({
      kind: 'status',
      status: 502,
      body: `upstream: bad credentials ${S.ghServer}`,
    });
    plant();
    process.env.PAPERTRAIL_LLM_URL = llm.url;
    const seen: [string, string][] = [];

    // An MCP call: a run started through the assistant's tools, its input holding a token.
    const mcp = await mcpSession(w.root, { ...w.env, ...PLANT_ENV, PAPERTRAIL_LLM_URL: llm.url });
    try {
      const r = await mcp.call('ops_start', { template: 'leak', input: { word: `mcp ${S.ghInput}` } });
      seen.push(['MCP result', JSON.stringify(r)]);
      expect(JSON.stringify(r)).toContain('[REDACTED]');
    } finally {
      await mcp.close();
    }

    // Over HTTP: the start, its run's live stream, the audit feed, the run shown; the server's log.
    const log: string[] = [];
    s = await startServer({ root: w.root, port: 0, log: { write: (l: string) => log.push(l) } as never });
    const feed = await openSse(`${s.url}/api/events?after=0`);
    const started = await fetch(`${s.url}/api/ops/start`, {
      method: 'POST',
      // A client may send anything as its request id; the server logs it.
      headers: { 'content-type': 'application/json', 'x-request-id': `req-${S.env}` },
      body: JSON.stringify({ template: 'leak', input: [`http ${S.ghInput} ${S.aws}`] }),
    });
    const startText = await started.text();
    seen.push(['HTTP start', startText]);
    const id = (JSON.parse(startText) as { run: { id: string } }).run.id;
    const stream = await openSse(`${s.url}/api/ops/stream?run=${id}`);
    const end = await stream.until(
      (f) => f.event === 'run' && ['success', 'error'].includes((f.data as { status: string }).status),
    );
    expect(end.data).toMatchObject({ status: 'error' });
    stream.close();
    for (const path of [`show?run=${id}`, `events?run=${id}`, 'list']) {
      const r = await fetch(`${s.url}/api/ops/${path}`);
      seen.push([`HTTP ${path}`, await r.text()]);
    }
    await feed
      .until(
        (f) => (f.data as { type: string }).type === 'ops-run-finished' || feed.frames.length > 8,
        20_000,
      )
      .catch(() => null);
    feed.close();
    seen.push(['run stream', JSON.stringify(stream.frames)], ['audit feed', JSON.stringify(feed.frames)]);
    const shown = JSON.parse(seen.find(([k]) => k === `HTTP show?run=${id}`)![1]) as {
      errorMessage: string;
      events: { message: string }[];
    };
    // Each secret reached the run and was replaced: the paths were taken, not skipped.
    const messages = shown.events.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'env: [REDACTED]',
        'aws: [REDACTED]',
        'config: [REDACTED]',
        'gh: [REDACTED] done',
        'env split: [REDACTED] done',
      ]),
    );
    expect(shown.errorMessage).toMatch(/answered HTTP 502: upstream: bad credentials \[REDACTED\]/);
    expect(messages.some((m) => /held a secret/.test(m))).toBe(true);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/^papertrail_redactions_total [1-9]\d*$/m);
    await s.close();
    s = undefined;
    seen.push(['server log', log.join('')]);
    expect(log.join('')).toContain('req-[REDACTED]');
    // Redacted as data: every line is still one JSON object.
    for (const l of log) expect(JSON.parse(l)).toMatchObject({ service: 'papertrail' });

    seen.push(['store', await dumpStore(w.as('test'))]);
    const skip = (rel: string) => rel === '.git' || rel === 'papertrail.yaml';
    for (const [rel, text] of readTree(w.root, skip)) seen.push([`file ${rel}`, text]);
    expect(seen.some(([k]) => k.startsWith('file .papertrail/store')) || backend === 'postgres').toBe(true);

    expect(seen.flatMap(([where, text]) => leaks(where, text))).toEqual([]);
    expect((await auditVerify(w.as('test'))).ok).toBe(true);
  });
});

describe.each(names)('no secret leaks from an executor on %s', (backend) => {
  let p: Planned;
  afterEach(async () => {
    unplant();
    await p?.cleanup();
  });

  it('a handoff summary, its output and a failure reason are stored, exported and audited redacted', async () => {
    p = await planned(backend);
    plant();
    await workSchedule(p.app);
    const a = await workClaim(p.app, { executor: 'agent-1' });
    const b = await workClaim(p.app, { executor: 'agent-2' });
    await workComplete(p.app, {
      attempt: a!.attempt,
      token: a!.token,
      summary: `runbook written with ${S.env} and ${S.gh}`,
      output: `deploying\naws ${S.aws}\nurl https://probe:${S.config}@db/x\n`,
    });
    await workFail(p.app, { attempt: b!.attempt, token: b!.token, reason: `push refused for ${S.ghInput}` });
    const dir = join(p.repo, 'exported');
    mkdirSync(dir, { recursive: true });
    await exportArtifacts(p.app, { dir: 'exported' });
    const seen: [string, string][] = [['store', await dumpStore(p.app)]];
    for (const [rel, text] of readTree(p.repo, (rel) => rel === '.git')) seen.push([`file ${rel}`, text]);
    const files = seen.filter(([k]) => k.startsWith('file exported/')).map(([, t]) => t);
    expect(files.join('\n')).toContain('runbook written with [REDACTED] and [REDACTED]');
    expect(
      seen.flatMap(([where, text]) => leaks(where, text)).filter((l) => !l.startsWith('config')),
    ).toEqual([]);
    // The config secret is not this workspace's: only its URL shape finds it, which it does.
    expect(seen.flatMap(([where, text]) => leaks(where, text))).toEqual([]);
    expect((await auditVerify(p.app)).ok).toBe(true);
  });
});

#!/usr/bin/env node
// Everyday commands on a Papertrail-format decisions workspace, side by side with OpenSpec's on an
// OpenSpec tree of the same number of specs, with the Node start-up and read-every-file floors.
//
//   node bench/docs.mjs [--sizes 100,1000,5000] [--runs 5] [--old CHECKOUT] [--rows REGEX]
//
// --old times another build's Papertrail rows too ("(before)"), interleaved with this one's, each
// build in its own copy of the workspace (both keep results in .papertrail/cache/); --rows keeps
// only the rows whose label matches.
//
// Workspaces come from bench/gen-papertrail-corpus.mjs (N specs, N proposals, N/10 extensions, N/50
// standards; zero findings) and bench/gen-openspec-corpus.mjs, cached under bench/.corpus/. Each
// command gets one warm-up and --runs timed runs, interleaved round-robin; the table shows the median
// wall time, the median CPU time (user + sys) and the peak RSS. Results print as Markdown. Papertrail's
// commands run as a user runs them (results of an earlier run on unchanged files reused) and with
// PAPERTRAIL_NO_CACHE=1 (everything read and checked afresh), and "after one edit": in a copy of the
// workspace where one spec is edited just before each run (the per-file index hands back every other
// document; the edited one is parsed, and kept by no cache while it is that fresh).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './gen-openspec-corpus.mjs';
import { generatePapertrailCorpus } from './gen-papertrail-corpus.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, 'bench', '.corpus');
const PT = join(ROOT, 'bin', 'papertrail.js');
const OPENSPEC = join(ROOT, 'node_modules', '@fission-ai', 'openspec', 'bin', 'openspec.js');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,5000' },
    runs: { type: 'string', default: '5' },
    old: { type: 'string' },
    rows: { type: 'string' },
  },
});
const builds = [
  { tag: '', pt: PT },
  ...(values.old ? [{ tag: ' (before)', pt: join(values.old, 'bin', 'papertrail.js') }] : []),
];
const rowFilter = values.rows ? new RegExp(values.rows) : null;
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const home = mkdtempSync(join(os.tmpdir(), 'pt-bench-home-'));
const env = {
  ...process.env,
  HOME: home,
  OPENSPEC_TELEMETRY: '0',
  DO_NOT_TRACK: '1',
  OPENSPEC_NO_UPDATE_CHECK: '1',
  NO_COLOR: '1',
  CI: '1',
};
delete env.NODE_OPTIONS;

function cached(name, generatorFile, make) {
  const dir = join(CORPUS, name);
  const stamp = createHash('sha256')
    .update(readFileSync(join(ROOT, 'bench', generatorFile)))
    .digest('hex');
  const stampFile = join(dir, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  make(dir);
  writeFileSync(stampFile, stamp);
  return dir;
}

function timeOnce(argv, cwd, extraEnv = {}) {
  const timeFile = join(home, 'time.txt');
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, ...argv], {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const [rss, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return {
    wall,
    cpu: user + sys,
    rssMB: rss / 1024,
    status: r.status,
    stderr: String(r.stderr).slice(0, 500),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/**
 * An implementing repository of the workspace's first spec (it depends on no other, so it plans on
 * its own), bootstrapped and planned on the local forge (no network), for `next`: what it reads is
 * that repository, whatever the size of the workspace.
 */
function implementingRepo(workspace, pt) {
  // Bootstrap records the repository in the spec: a copy keeps the cached corpus as generated.
  const copy = mkdtempSync(join(home, 'workspace-'));
  cpSync(workspace, copy, { recursive: true });
  const repo = `${copy}-repo`;
  for (const [args, cwd] of [
    [['bootstrap', 'SPEC-0001', '--dir', repo], copy],
    [['plan'], repo],
  ]) {
    const r = spawnSync(process.execPath, [pt, ...args], { cwd, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`papertrail ${args.join(' ')}: ${r.stderr}`);
  }
  return repo;
}

/** The `next` rows of one build, sharing one implementing repository. */
function nextRows(tag, bin, workspace) {
  const labels = [
    `papertrail next (implementing repo, forge snapshot kept)${tag}`,
    `papertrail next (implementing repo, store opened: no cache)${tag}`,
  ];
  if (rowFilter && !labels.some((l) => rowFilter.test(l))) return labels.map((l) => [l]);
  const repo = implementingRepo(workspace, bin);
  return [
    [labels[0], [process.execPath, bin, 'next'], repo],
    [labels[1], [process.execPath, bin, 'next'], repo, { PAPERTRAIL_NO_CACHE: '1' }],
  ];
}

const fmt = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

const out = [
  `Load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
  '',
];
for (const n of sizes) {
  const pt = cached(`papertrail-n${n}`, 'gen-papertrail-corpus.mjs', (dir) =>
    generatePapertrailCorpus({ out: dir, specs: n }),
  );
  const os_ = cached(`openspec-n${n}`, 'gen-openspec-corpus.mjs', (dir) =>
    generateCorpus({ out: dir, specs: n, changes: n / 10, archived: n / 10, reqs: 5, scenarios: 2, seed: 1 }),
  );
  const mid = String(Math.max(1, Math.floor(n / 2))).padStart(4, '0');
  const midFile = readdirSync(join(pt, 'docs', 'specs')).find(
    (f) => f.startsWith(`SPEC-${mid}-`) && !f.includes('-EXT-'),
  );
  const midStatus = /^status: (\S+)/m.exec(readFileSync(join(pt, 'docs', 'specs', midFile), 'utf8'))[1];
  const nextStatus = { draft: 'review', review: 'draft', approved: 'review', implemented: 'deprecated' }[
    midStatus
  ];
  // Every Papertrail command three times: as it runs (its results kept in .papertrail/cache/ by an
  // earlier run on the same files), with PAPERTRAIL_NO_CACHE=1 (everything worked out afresh), and
  // after one edit, in a copy of the workspace so that the edits leave the other rows' files alone.
  const papertrail = [
    ['validate', ['validate']],
    ['list', ['list']],
    [`show SPEC-${mid}`, ['show', `SPEC-${mid}`]],
    [`trace SPEC-${mid}/REQ-001`, ['trace', `SPEC-${mid}/REQ-001`]],
    ['graph', ['graph']],
    [`status SPEC-${mid} ${nextStatus} --dry-run`, ['status', `SPEC-${mid}`, nextStatus, '--dry-run']],
  ];
  const other = String(Math.max(1, Math.floor(n / 2) + 1)).padStart(4, '0');
  const copy = () => {
    const dir = mkdtempSync(join(home, 'workspace-'));
    cpSync(pt, dir, { recursive: true });
    return dir;
  };
  const editIn = (dir) => {
    const otherFile = join(
      dir,
      'docs',
      'specs',
      readdirSync(join(dir, 'docs', 'specs')).find(
        (f) => f.startsWith(`SPEC-${other}-`) && !f.includes('-EXT-'),
      ),
    );
    // Adds or removes a blank line at the end: a new stamp, the same findings.
    return () => {
      const text = readFileSync(otherFile, 'utf8');
      writeFileSync(otherFile, text.endsWith('\n\n') ? text.slice(0, -1) : `${text}\n`);
    };
  };
  const ptRows = builds.flatMap(({ tag, pt: bin }) => {
    // With another build to compare, each gets its own copies: what one keeps is not the other's.
    const ws = values.old ? copy() : pt;
    const edited = copy();
    const editOne = editIn(edited);
    return [
      ...papertrail.flatMap(([label, args]) => [
        [`papertrail ${label}${tag}`, [process.execPath, bin, ...args], ws],
        [
          `papertrail ${label} (no cache)${tag}`,
          [process.execPath, bin, ...args],
          ws,
          { PAPERTRAIL_NO_CACHE: '1' },
        ],
        [`papertrail ${label} (after one edit)${tag}`, [process.execPath, bin, ...args], edited, {}, editOne],
      ]),
      // Bootstrapping and planning the repository takes seconds: only for rows that are kept. The
      // untimed first run of each row is a `next` that reads the store and keeps the forge's snapshot,
      // so the first row times every later `next`, answered from it without opening the store; the
      // second reads the store each time (PAPERTRAIL_NO_CACHE), as a `next` after a forge write does.
      ...nextRows(tag, bin, pt),
    ];
  });
  // Rows of both builds side by side: each row of this build, then the same row of the other.
  const per = ptRows.length / builds.length;
  const paired = Array.from({ length: per }, (_, i) => builds.map((_, b) => ptRows[b * per + i])).flat();
  const cmds = [
    ['node -e 0', [process.execPath, '-e', '0'], pt],
    ['read every file (Node)', [process.execPath, join(ROOT, 'bench', 'read-all.mjs'), 'docs'], pt],
    ...paired,
    ['openspec validate --all', [process.execPath, OPENSPEC, 'validate', '--all', '--no-interactive'], os_],
    ['openspec list --specs', [process.execPath, OPENSPEC, 'list', '--specs'], os_],
  ].filter(([label]) => !rowFilter || rowFilter.test(label));
  // Files written moments ago are not trusted to keep results for (their stamps may not move yet).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
  const samples = cmds.map(() => []);
  cmds.forEach(([label, argv, cwd, extraEnv, before]) => {
    before?.();
    const r = timeOnce(argv, cwd, extraEnv);
    if (r.status !== 0 && !label.startsWith('openspec validate'))
      process.stderr.write(`${label} exited ${r.status}: ${r.stderr}\n`);
  });
  for (let k = 0; k < runs; k++)
    cmds.forEach(([, argv, cwd, extraEnv, before], i) => {
      before?.();
      samples[i].push(timeOnce(argv, cwd, extraEnv));
    });
  out.push(
    `### ${n} specs`,
    '',
    '| command | wall (median) | CPU (median) | peak RSS |',
    '|---|---|---|---|',
  );
  cmds.forEach(([label], i) => {
    const s = samples[i];
    out.push(
      `| ${label} | ${fmt(median(s.map((x) => x.wall)))} | ${fmt(median(s.map((x) => x.cpu)))} | ${Math.max(...s.map((x) => x.rssMB)).toFixed(0)} MB |`,
    );
  });
  out.push('');
}
out.push(
  `Load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
process.stdout.write(`${out.join('\n')}\n`);
rmSync(home, { recursive: true, force: true });

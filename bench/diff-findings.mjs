#!/usr/bin/env node
// Differential check between two builds of Papertrail: generates a Papertrail-format workspace,
// mutates it at random (lines deleted, duplicated or swapped, frontmatter values changed, YAML
// broken, IDs and names repeated, dependency cycles) and compares the output of `validate`, `list`,
// `graph`, `show`, `trace` and `status --dry-run` of both builds, byte for byte. Used when a change
// must not change any finding (a faster reader, a cache).
// The new build runs every command twice, so its second answer may come from what it kept in the
// workspace's cache; each round then edits some files and compares again, so kept results that
// should have been dropped show up as differences. Files are left to settle before each pass (a
// cache keeps nothing about a file changed in the last two seconds).
//
//   node bench/diff-findings.mjs --old /path/to/old/checkout --specs 300 --rounds 4 [--seed 1]
//
// Both checkouts must be built (`npm run build`); the new one is this checkout.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generatePapertrailCorpus } from './gen-papertrail-corpus.mjs';
import { makeRandom } from './random.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    old: { type: 'string' },
    specs: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
  },
});
if (!values.old) {
  process.stderr.write(
    'usage: node bench/diff-findings.mjs --old CHECKOUT [--specs N] [--rounds R] [--seed S]\n',
  );
  process.exit(2);
}

const random = makeRandom(Number(values.seed));
const int = (n) => Math.floor(random.next() * n);
const pick = (xs) => xs[int(xs.length)];

const EDITS = [
  (ls) => ls.splice(int(ls.length), 1),
  (ls) => {
    const i = int(ls.length);
    ls.splice(i, 0, ls[i] ?? '');
  },
  (ls) => {
    const i = int(ls.length - 1);
    [ls[i], ls[i + 1]] = [ls[i + 1], ls[i]];
  },
  (ls) => {
    const i = ls.findIndex((l) => /^status:/.test(l));
    if (i >= 0) ls[i] = `status: ${pick(['draft', 'approved', 'implemented', 'bogus', 'superseded', ''])}`;
  },
  (ls) => {
    const i = ls.findIndex((l) => /^(implements|extends|id):/.test(l));
    if (i >= 0) ls[i] = ls[i].replace(/\d{4}/, String(int(9999)).padStart(4, '0'));
  },
  (ls) => {
    const i = int(ls.length);
    ls[i] = pick([
      'title: "unclosed',
      'a: [b',
      '  - nested: [x, y]',
      'depends_on: SPEC-0001, SPEC-0002',
      'x: |',
      '\t- tab',
    ]);
  },
  (ls) => {
    const i = ls.findIndex((l) => l.startsWith('**ID:**'));
    if (i >= 0) ls[i] = '**ID:** REQ-001';
  },
  (ls) => {
    const i = ls.findIndex((l) => l.startsWith('### Requirement:'));
    if (i >= 0) ls[i] = '### Requirement: Duplicate Name';
  },
  (ls) => {
    const i = ls.findIndex((l) => /SHALL/.test(l));
    if (i >= 0) ls[i] = ls[i].replace('SHALL', 'should');
  },
  (ls) => {
    const i = ls.findIndex((l) => l.startsWith('- **'));
    if (i >= 0) ls.splice(i, 1, 'GIVEN bare', 'WHEN bare', 'then lower');
  },
  // Knots: the first requirement depends on a later one (a cycle when that one depends on it,
  // as generated specs do), on itself, or a spec on the first spec (a cycle when it depends back).
  (ls) => {
    const i = ls.findIndex((l) => l.startsWith('**ID:**'));
    if (i >= 0) ls.splice(i + 1, 0, `**Depends on:** REQ-00${pick(['1', '2', '3', '4'])}`);
  },
  (ls) => {
    const i = ls.findIndex((l) => /^depends_on:/.test(l));
    if (i >= 0) ls.splice(i + 1, 0, `  - SPEC-000${2 + int(8)}`);
  },
];

function mutate(dir, count) {
  const files = [];
  for (const sub of ['proposals', 'specs', 'standards'])
    for (const f of readdirSync(join(dir, 'docs', sub))) files.push(join(dir, 'docs', sub, f));
  for (let k = 0; k < count; k++) {
    const f = pick(files);
    const lines = readFileSync(f, 'utf8').split('\n');
    for (let e = 1 + int(3); e > 0; e--) pick(EDITS)(lines);
    writeFileSync(f, lines.join('\n'));
  }
}

function run(checkout, cwd, args) {
  const r = spawnSync(process.execPath, [join(checkout, 'bin/papertrail.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
    maxBuffer: 1 << 28,
  });
  return `exit ${r.status}\n${r.stdout}\n--stderr--\n${r.stderr}`;
}

const COMMANDS = [
  ['validate'],
  ['validate', '--json'],
  ['validate', '--strict'],
  ['validate', 'docs/specs'],
  ['list'],
  ['list', '--json'],
  ['list', '--kind', 'spec', '--status', 'approved'],
  ['graph'],
  ['graph', '--format', 'json', '--level', 'all'],
  ['show', 'SPEC-0010', '--json'],
  ['show', 'SPEC-0010-EXT-0001'],
  ['trace', 'SPEC-0020/REQ-001'],
  ['trace', 'PROP-0003', '--json'],
  ['trace', 'SPEC-0001'],
  ['status', 'SPEC-0030', 'review', '--dry-run'],
  ['status', 'SPEC-0031', 'draft', '--dry-run'],
  ['status', 'PROP-0005', 'rejected', '--dry-run'],
];

const settle = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);

let differences = 0;
function compare(label, dir) {
  settle();
  for (const args of COMMANDS) {
    const a = run(values.old, dir, args);
    for (const pass of ['cold', 'warm']) {
      const b = run(ROOT, dir, args);
      const lines = a.split('\n').length;
      if (a === b) {
        process.stdout.write(`${label} ${args.join(' ')} (${pass}): identical (${lines} lines)\n`);
        continue;
      }
      differences++;
      const at = [...a].findIndex((c, i) => c !== b[i]);
      process.stdout.write(
        `${label} ${args.join(' ')} (${pass}): DIFFERENT near\n  old: ${a.slice(at - 200, at + 200)}\n  new: ${b.slice(at - 200, at + 200)}\n`,
      );
    }
  }
}

for (let round = 0; round < Number(values.rounds); round++) {
  const dir = join(os.tmpdir(), `pt-diff-${process.pid}-${round}`);
  generatePapertrailCorpus({ out: dir, specs: Number(values.specs), seed: Number(values.seed) + round });
  if (round > 0) mutate(dir, Math.ceil((Number(values.specs) * round) / 2));
  compare(`round ${round}`, dir);
  mutate(dir, 3);
  compare(`round ${round}, edited`, dir);
}
process.exit(differences ? 1 : 0);

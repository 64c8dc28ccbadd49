#!/usr/bin/env node
// Deterministic generator of a Papertrail-format decisions workspace, used as a benchmark corpus.
//
//   node bench/gen-papertrail-corpus.mjs --out DIR --specs N [--seed 1]
//
// For N specs it writes N proposals (most approved, some in draft, review, rejected or superseded),
// N specs (4-8 requirements of 1-3 scenarios each, `**Depends on:**` between requirements of the same
// spec and of specs it depends on, `depends_on:` in the frontmatter), N/10 extensions (added and
// overridden requirements) and N/50 standards (at least one), plus the workspace's papertrail.yaml.
// Every generated workspace validates with zero findings under `papertrail validate --strict`, so a
// benchmark times the normal path, not error reporting.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeRandom } from './random.mjs';

const AREAS = ['billing', 'auth', 'search', 'catalog', 'orders', 'shipping', 'notify', 'reports'];
const NOUNS = [
  'runner',
  'queue',
  'ledger',
  'token',
  'session',
  'invoice',
  'webhook',
  'cache',
  'index',
  'tenant',
];
const ACTIONS = [
  ['Scaling', 'scale', 'the pool on queue depth'],
  ['Isolation', 'run', 'each job in a fresh environment'],
  ['Monitoring', 'expose', 'metrics for utilisation and queue depth'],
  ['Retention', 'keep', 'records for ninety days'],
  ['Rate Limits', 'refuse', 'requests over the configured rate'],
  ['Audit', 'record', 'who changed each setting and when'],
  ['Backups', 'snapshot', 'its state every hour'],
  ['Failover', 'move', 'traffic to the standby within a minute'],
  ['Encryption', 'encrypt', 'data at rest with a managed key'],
  ['Pagination', 'return', 'results in pages of at most one hundred'],
  ['Validation', 'reject', 'input that does not match the schema'],
  ['Caching', 'serve', 'repeated reads from a cache'],
];
const WORDS = (
  'the team needs a clear and dependable way to handle this part of the platform without manual ' +
  'steps while keeping latency low and operators informed about every change that affects users'
).split(' ');
const DATES = [
  '2025-01-14',
  '2025-03-02',
  '2025-05-19',
  '2025-08-07',
  '2025-10-21',
  '2026-02-11',
  '2026-06-30',
];

const pad = (n) => String(n).padStart(4, '0');
const title = (s) => s.replace(/\b\w/g, (c) => c.toUpperCase());
const slug = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function sentence(rnd, min, max) {
  const n = rnd.int(min, max);
  const words = [];
  for (let i = 0; i < n; i++) words.push(rnd.pick(WORDS));
  const s = words.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}

function scenario(rnd, name, i) {
  return [
    `#### Scenario: ${name} case ${i + 1}`,
    '',
    `- **GIVEN** ${sentence(rnd, 5, 10).slice(0, -1).toLowerCase()}`,
    `- **WHEN** ${sentence(rnd, 4, 9).slice(0, -1).toLowerCase()}`,
    `- **THEN** ${sentence(rnd, 5, 12).slice(0, -1).toLowerCase()}`,
    ...(rnd.chance(0.3) ? [`- **AND** ${sentence(rnd, 4, 8).slice(0, -1).toLowerCase()}`] : []),
    '',
  ];
}

/** Requirement names of each spec, so dependents can point at them. */
function specPlan(rnd, n) {
  const count = rnd.int(4, 8);
  const start = rnd.int(0, ACTIONS.length - 1);
  const noun = title(rnd.pick(NOUNS));
  const reqs = [];
  for (let i = 0; i < count; i++) {
    const [name, verb, object] = ACTIONS[(start + i) % ACTIONS.length];
    reqs.push({ id: `REQ-${String(i + 1).padStart(3, '0')}`, name: `${noun} ${name}`, verb, object });
  }
  return { n, title: `${title(rnd.pick(AREAS))} ${noun} Service ${n}`, reqs };
}

function proposal(rnd, n, specTitle, status, supersededBy) {
  const options = rnd.int(2, 3);
  const body = [
    '---',
    `id: PROP-${pad(n)}`,
    `title: ${specTitle}`,
    `status: ${status}`,
    `date: ${rnd.pick(DATES)}`,
    ...(supersededBy ? [`superseded_by: PROP-${pad(supersededBy)}`] : []),
    'authors:',
    '  - "@platform-team"',
    'reviewers: []',
    '---',
    '',
    `# PROP-${pad(n)}: ${specTitle}`,
    '',
    '## Problem Statement',
    '',
    `${sentence(rnd, 12, 24)} ${sentence(rnd, 10, 20)}`,
    '',
    '## Goals',
    '',
    ...Array.from({ length: rnd.int(2, 4) }, () => `- ${sentence(rnd, 5, 10)}`),
    '',
    '## Non-Goals',
    '',
    ...Array.from({ length: rnd.int(1, 3) }, () => `- ${sentence(rnd, 4, 8)}`),
    '',
    '## Proposed Direction',
    '',
  ];
  for (let o = 1; o <= options; o++) {
    body.push(`### Option ${o}: ${title(rnd.pick(NOUNS))} ${o}`, '', '**Pros:**', '');
    for (let i = rnd.int(1, 3); i > 0; i--) body.push(`- ${sentence(rnd, 3, 7)}`);
    body.push('', '**Cons:**', '');
    for (let i = rnd.int(1, 3); i > 0; i--) body.push(`- ${sentence(rnd, 3, 7)}`);
    body.push('');
  }
  body.push('## Recommendation', '', `Option 1. ${sentence(rnd, 10, 20)}`, '');
  return body.join('\n');
}

function spec(rnd, plan, deps, specs, proposalStatus) {
  const id = `SPEC-${pad(plan.n)}`;
  // A spec is never ahead of its proposal, and an implemented one has every implementation complete.
  const status =
    proposalStatus === 'approved'
      ? rnd.pick(['draft', 'review', 'approved', 'approved', 'implemented'])
      : 'draft';
  const lines = [
    '---',
    `id: ${id}`,
    `title: ${plan.title}`,
    `status: ${status}`,
    `date: ${rnd.pick(DATES)}`,
    `implements: PROP-${pad(plan.n)}`,
    'implementations:',
    `  - repo: acme/${slug(plan.title)}`,
    `    status: ${status === 'implemented' ? 'complete' : 'planned'}`,
    ...(deps.length ? ['depends_on:', ...deps.map((d) => `  - SPEC-${pad(d)}`)] : []),
    'authors:',
    '  - "@platform-team"',
    'reviewers: []',
    '---',
    '',
    `# ${id}: ${plan.title}`,
    '',
    '## Overview',
    '',
    `This specification defines the requirements that implement PROP-${pad(plan.n)}: ${plan.title}.`,
    '',
    sentence(rnd, 15, 30),
    '',
    `**Implements:** [PROP-${pad(plan.n)}: ${plan.title}](../proposals/PROP-${pad(plan.n)}-${slug(plan.title)}.md)`,
    '',
    '## Requirements',
    '',
  ];
  plan.reqs.forEach((req, i) => {
    lines.push(`### Requirement: ${req.name}`, '', `**ID:** ${req.id}`, '');
    const on = [];
    if (i > 0 && rnd.chance(0.4)) on.push(plan.reqs[rnd.int(0, i - 1)].name);
    if (deps.length && rnd.chance(0.3)) {
      const d = specs[rnd.pick(deps) - 1];
      on.push(`SPEC-${pad(d.n)}/${rnd.pick(d.reqs).id}`);
    }
    if (on.length) lines.push(`**Depends on:** ${[...new Set(on)].join(', ')}`, '');
    lines.push(`The system SHALL ${req.verb} ${req.object}.`, '');
    for (let s = rnd.int(1, 3) - 1; s >= 0; s--) lines.push(...scenario(rnd, req.name, s));
  });
  lines.push('## Spec Dependencies', '');
  if (deps.length === 0) lines.push('None - this spec is standalone.', '');
  else {
    lines.push('| Spec | Purpose | Implementation |', '|------|---------|----------------|');
    for (const d of deps)
      lines.push(`| SPEC-${pad(d)} | ${specs[d - 1].title} | acme/${slug(specs[d - 1].title)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function extension(rnd, base, e) {
  const id = `SPEC-${pad(base.n)}-EXT-${pad(e)}`;
  const name = `${title(rnd.pick(NOUNS))} Extension ${e}`;
  const over = rnd.pick(base.reqs);
  return [
    '---',
    `id: ${id}`,
    `title: ${name}`,
    'status: draft',
    `date: ${rnd.pick(DATES)}`,
    `extends: SPEC-${pad(base.n)}`,
    `implements: PROP-${pad(base.n)}`,
    'authors:',
    '  - "@security"',
    'reviewers: []',
    '---',
    '',
    `# ${id}: ${name}`,
    '',
    '## Overview',
    '',
    sentence(rnd, 10, 20),
    '',
    '## Added Requirements',
    '',
    `### Requirement: ${name} Trail`,
    '',
    '**ID:** REQ-001',
    '',
    'The system SHALL record who triggered each change.',
    '',
    ...scenario(rnd, `${name} Trail`, 0),
    '## Overridden Requirements',
    '',
    `### Overrides: ${over.name}`,
    '',
    '**ID:** REQ-002',
    '',
    `**Original requirement:** ${over.verb} ${over.object}.`,
    '',
    `**Reason for override:** ${sentence(rnd, 5, 10)}`,
    '',
    `The system SHALL ${over.verb} ${over.object} and log each decision.`,
    '',
    ...scenario(rnd, over.name, 0),
  ].join('\n');
}

function standard(rnd, n) {
  const name = `${title(rnd.pick(AREAS))} Services ${n}`;
  return [
    '---',
    `id: STD-${pad(n)}`,
    `title: ${name}`,
    'status: approved',
    `date: ${rnd.pick(DATES)}`,
    'applies-to: services',
    'authors: ["@platform-team"]',
    'reviewers: []',
    'gitignore:',
    '  - bin/',
    '  - ".env"',
    'scaffold:',
    '  directories: ["cmd/", "internal/"]',
    '---',
    '',
    `# STD-${pad(n)}: ${name}`,
    '',
    '## Overview',
    '',
    sentence(rnd, 15, 30),
    '',
    '## Standard',
    '',
    ...Array.from({ length: rnd.int(3, 6) }, () => `- ${sentence(rnd, 6, 12)}`),
    '',
  ].join('\n');
}

/** Writes the workspace into `out` (replacing it) and returns what it wrote. */
export function generatePapertrailCorpus({ out, specs: n, seed = 1 }) {
  const rnd = makeRandom(seed);
  rmSync(out, { recursive: true, force: true });
  for (const d of ['proposals', 'specs', 'standards']) mkdirSync(join(out, 'docs', d), { recursive: true });
  writeFileSync(join(out, 'papertrail.yaml'), 'docs: docs\n');
  const plans = [];
  for (let i = 1; i <= n; i++) plans.push(specPlan(rnd, i));
  let files = 0;
  let bytes = 0;
  const write = (path, text) => {
    writeFileSync(join(out, 'docs', path), text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  for (const plan of plans) {
    const roll = rnd.int(0, 99);
    // A superseded proposal points forward; its spec still implements it, as history does.
    const status = roll < 80 ? 'approved' : roll < 88 ? 'review' : roll < 94 ? 'draft' : 'superseded';
    const by = status === 'superseded' && plan.n < n ? plan.n + 1 : undefined;
    const final = by ? status : status === 'superseded' ? 'approved' : status;
    write(
      `proposals/PROP-${pad(plan.n)}-${slug(plan.title)}.md`,
      proposal(rnd, plan.n, plan.title, final, by),
    );
    const deps = [];
    for (let k = rnd.int(0, 3); k > 0 && plan.n > 1; k--)
      deps.push(rnd.int(Math.max(1, plan.n - 50), plan.n - 1));
    const unique = [...new Set(deps)].sort((a, b) => a - b);
    write(`specs/SPEC-${pad(plan.n)}-${slug(plan.title)}.md`, spec(rnd, plan, unique, plans, final));
    if (plan.n % 10 === 0) {
      const ext = extension(rnd, plan, 1);
      write(`specs/SPEC-${pad(plan.n)}-EXT-0001-${slug(ext.split('\n')[2].slice(7))}.md`, ext);
    }
  }
  for (let s = 1; s <= Math.max(1, Math.floor(n / 50)); s++) {
    const text = standard(rnd, s);
    write(`standards/STD-${pad(s)}-${slug(text.split('\n')[2].slice(7))}.md`, text);
  }
  return { files, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, specs: { type: 'string' }, seed: { type: 'string', default: '1' } },
  });
  if (!values.out || !values.specs) {
    process.stderr.write('usage: node bench/gen-papertrail-corpus.mjs --out DIR --specs N [--seed 1]\n');
    process.exit(2);
  }
  const r = generatePapertrailCorpus({
    out: values.out,
    specs: Number(values.specs),
    seed: Number(values.seed),
  });
  process.stdout.write(`${r.files} files, ${r.bytes} bytes\n`);
}

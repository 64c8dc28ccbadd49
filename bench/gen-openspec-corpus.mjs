#!/usr/bin/env node
// Deterministic generator of an OpenSpec-format tree, used as the benchmark corpus.
//
//   node bench/gen-openspec-corpus.mjs --out DIR --specs N [--changes M] [--archived A]
//                                      [--reqs 5] [--scenarios 2] [--seed 1]
//
// The corpus must validate clean under `openspec validate --all --strict`, otherwise the
// benchmark would time error-reporting paths instead of the normal one. The rules that
// shape the code below (see /work/shared/research/openspec.md §4–5):
//   - requirement names are unique per spec, also case-insensitively (ADDED/RENAMED-TO
//     collisions are folded);
//   - MODIFIED carries a full copy of the current block with every scenario kept by name;
//   - within one change a requirement appears in one section only;
//   - across changes, an existing requirement is touched by at most one change and new
//     names are reserved globally, so any change could be archived in any order;
//   - archived changes have all tasks checked (`validate --archived` demands it).

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeRandom } from './random.mjs';

// ---------------------------------------------------------------------------
// Vocabulary. Words are plain lowercase so names can be title-cased consistently.

const AREAS = [
  'billing',
  'auth',
  'search',
  'catalog',
  'orders',
  'shipping',
  'notify',
  'reports',
  'profile',
  'audit',
  'storage',
  'payments',
  'inventory',
  'admin',
  'sync',
  'export',
  'import',
  'metrics',
  'session',
  'webhooks',
];
const NOUNS = [
  'invoice',
  'token',
  'index',
  'product',
  'cart',
  'label',
  'email',
  'dashboard',
  'avatar',
  'event',
  'bucket',
  'refund',
  'stock',
  'role',
  'cursor',
  'archive',
  'mapping',
  'counter',
  'cookie',
  'delivery',
  'quota',
  'ledger',
  'policy',
  'schedule',
  'template',
  'snapshot',
  'batch',
  'channel',
  'filter',
  'receipt',
];
const ACTIONS = [
  'create',
  'update',
  'delete',
  'list',
  'export',
  'import',
  'validate',
  'archive',
  'restore',
  'retry',
  'approve',
  'reject',
  'merge',
  'split',
  'lock',
  'unlock',
  'expire',
  'renew',
  'audit',
  'notify',
  'search',
  'sort',
  'filter',
  'paginate',
  'cache',
  'throttle',
  'redact',
  'sign',
  'verify',
  'schedule',
];
const QUALIFIERS = [
  'in bulk',
  'on schedule',
  'with retries',
  'for guests',
  'for admins',
  'across regions',
  'with audit trail',
  'offline',
  'idempotently',
  'under load',
  'after timeout',
  'with consent',
  'by owner',
  'in background',
  'with preview',
  'atomically',
];
const ACTORS = [
  'a signed-in user',
  'an administrator',
  'a guest visitor',
  'a background worker',
  'an API client',
  'the scheduler',
  'a support agent',
  'a partner integration',
];
const OUTCOMES = [
  'the system records the outcome',
  'the response includes a stable identifier',
  'the operation completes within two seconds',
  'an audit event is emitted',
  'no duplicate records are created',
  'the caller receives a clear error message',
  'the previous state can be restored',
  'related caches are invalidated',
];
const MODALS = ['SHALL', 'MUST'];

// Third person singular, so scenario names read as sentences ("Notifies", not "Notifys").
const thirdPerson = (verb) =>
  /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(verb) ? `${verb}es` : `${verb}s`;
const title = (s) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase());

// ---------------------------------------------------------------------------
// Names. A per-spec registry hands out names that are unique ignoring case, because
// OpenSpec folds case and whitespace when it checks ADDED and RENAMED-TO collisions.

function nameRegistry() {
  const taken = new Set();
  return {
    has: (name) => taken.has(name.toLowerCase()),
    add: (name) => taken.add(name.toLowerCase()),
  };
}

function uniqueName(registry, make) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = make();
    if (!registry.has(name)) {
      registry.add(name);
      return name;
    }
  }
  // Vocabulary exhausted for this spec: a counter keeps the name unique and readable.
  let n = 2;
  const base = make();
  while (registry.has(`${base} ${n}`)) n++;
  registry.add(`${base} ${n}`);
  return `${base} ${n}`;
}

const requirementName = (rnd, noun) => () => title(`${rnd.pick(ACTIONS)} ${noun} ${rnd.pick(QUALIFIERS)}`);

// ---------------------------------------------------------------------------
// Requirement model: { name, body, scenarios: [{ name, lines }] } rendered to Markdown.

function makeScenario(rnd, name, noun) {
  const lines = [
    `- **WHEN** ${rnd.pick(ACTORS)} asks to ${rnd.pick(ACTIONS)} a ${noun}`,
    `- **THEN** ${rnd.pick(OUTCOMES)}`,
  ];
  if (rnd.chance(0.7)) lines.push(`- **AND** ${rnd.pick(OUTCOMES)}`);
  return { name, lines };
}

function makeScenarios(rnd, count, noun) {
  const names = nameRegistry();
  const out = [];
  for (let i = 0; i < count; i++) {
    const name = uniqueName(names, () =>
      title(`${rnd.pick(ACTORS).replace(/^(a|an|the) /, '')} ${thirdPerson(rnd.pick(ACTIONS))} ${noun}`),
    );
    out.push(makeScenario(rnd, name, noun));
  }
  return out;
}

function makeRequirement(rnd, name, noun, scenarioCount) {
  // Bodies stay well under 500 chars: longer ones earn an INFO issue.
  const body = `The system ${rnd.pick(MODALS)} ${name.toLowerCase()} for every ${noun} and ${rnd.pick(OUTCOMES)}.`;
  return { name, body, scenarios: makeScenarios(rnd, scenarioCount, noun) };
}

function renderRequirement(req) {
  const parts = [`### Requirement: ${req.name}`, req.body, ''];
  for (const sc of req.scenarios) parts.push(`#### Scenario: ${sc.name}`, ...sc.lines, '');
  return parts.join('\n');
}

function purposeText(rnd, cap, area, noun) {
  return (
    `The ${cap} capability defines how the ${area} area manages each ${noun}: who may ${rnd.pick(ACTIONS)} it, ` +
    `what the system guarantees when it does, and which events other capabilities can rely on.`
  );
}

function renderSpec(spec) {
  const parts = [`# ${spec.id} Specification`, '', '## Purpose', spec.purpose, '', '## Requirements', ''];
  for (const req of spec.requirements) parts.push(renderRequirement(req));
  return parts.join('\n');
}

// ---------------------------------------------------------------------------
// Main specs.

function makeSpecs(rnd, count, reqCount, scenarioCount) {
  const specs = [];
  for (let i = 0; i < count; i++) {
    const area = AREAS[i % AREAS.length];
    const noun = rnd.pick(NOUNS);
    const id = `${area}-${noun}-${String(i).padStart(4, '0')}`;
    const names = nameRegistry();
    const requirements = [];
    for (let r = 0; r < reqCount; r++) {
      requirements.push(
        makeRequirement(rnd, uniqueName(names, requirementName(rnd, noun)), noun, scenarioCount),
      );
    }
    // `untouched` lists requirements no change has claimed yet: claiming is what keeps
    // two changes from modifying, removing or renaming the same requirement.
    specs.push({
      id,
      area,
      noun,
      names,
      purpose: purposeText(rnd, id, area, noun),
      requirements,
      untouched: [...requirements],
    });
  }
  return specs;
}

function claim(rnd, spec) {
  if (spec.untouched.length === 0) return undefined;
  const idx = Math.floor(rnd.next() * spec.untouched.length);
  return spec.untouched.splice(idx, 1)[0];
}

// ---------------------------------------------------------------------------
// Change deltas.

function deltaForExisting(rnd, spec, scenarioCount) {
  const added = [];
  for (let k = rnd.int(1, 2); k > 0; k--) {
    added.push(
      makeRequirement(rnd, uniqueName(spec.names, requirementName(rnd, spec.noun)), spec.noun, scenarioCount),
    );
  }

  const modified = [];
  const target = claim(rnd, spec);
  if (target) {
    // Full copy with every existing scenario, plus one new scenario with a fresh name.
    const scenarioNames = nameRegistry();
    for (const sc of target.scenarios) scenarioNames.add(sc.name);
    const extraName = uniqueName(
      scenarioNames,
      () => `${title(rnd.pick(ACTIONS))} ${title(spec.noun)} Edge Case`,
    );
    modified.push({
      name: target.name,
      body: `${target.body} It ${rnd.pick(MODALS)} also log the request for auditing.`,
      scenarios: [...target.scenarios, makeScenario(rnd, extraName, spec.noun)],
    });
  }

  // Keep at least one requirement claimed-free before removing/renaming, so even a spec
  // with very few requirements can never be emptied by a single change.
  const removed = [];
  if (rnd.chance(0.5) && spec.untouched.length > 1) removed.push(claim(rnd, spec).name);

  const renamed = [];
  if (rnd.chance(0.3) && spec.untouched.length > 1) {
    const from = claim(rnd, spec).name;
    const to = uniqueName(
      spec.names,
      () => `${title(rnd.pick(ACTIONS))} ${title(spec.noun)} ${title(rnd.pick(QUALIFIERS))} V2`,
    );
    renamed.push({ from, to });
  }
  return { cap: spec.id, added, modified, removed, renamed };
}

function renderDelta(delta) {
  const parts = [];
  if (delta.purpose) parts.push('## Purpose', delta.purpose, '');
  if (delta.added.length) {
    parts.push('## ADDED Requirements', '');
    for (const req of delta.added) parts.push(renderRequirement(req));
  }
  if (delta.modified.length) {
    parts.push('## MODIFIED Requirements', '');
    for (const req of delta.modified) parts.push(renderRequirement(req));
  }
  if (delta.removed.length) {
    parts.push('## REMOVED Requirements', '');
    for (const name of delta.removed) {
      parts.push(
        `### Requirement: ${name}`,
        '**Reason**: Superseded by a simpler flow.',
        '**Migration**: Callers use the replacement endpoint.',
        '',
      );
    }
  }
  if (delta.renamed.length) {
    parts.push('## RENAMED Requirements', '');
    for (const { from, to } of delta.renamed)
      parts.push(`- FROM: \`### Requirement: ${from}\``, `- TO: \`### Requirement: ${to}\``, '');
  }
  return parts.join('\n');
}

function newCapabilityDelta(rnd, capId, area, noun, reqCount, scenarioCount) {
  const names = nameRegistry();
  const added = [];
  for (let r = 0; r < Math.max(1, Math.min(reqCount, 3)); r++) {
    added.push(makeRequirement(rnd, uniqueName(names, requirementName(rnd, noun)), noun, scenarioCount));
  }
  return {
    cap: capId,
    purpose: purposeText(rnd, capId, area, noun),
    added,
    modified: [],
    removed: [],
    renamed: [],
  };
}

// ---------------------------------------------------------------------------
// Change documents.

function isoDate(dayOffset) {
  return new Date(Date.UTC(2025, 0, 1) + dayOffset * 86400000).toISOString().slice(0, 10);
}

function renderProposal(changeId, deltas) {
  const lines = [
    `# Change: ${title(changeId.replace(/-/g, ' '))}`,
    '',
    '## Why',
    `Teams working on ${deltas.map((d) => d.cap).join(', ')} keep hitting the same gaps; this change closes them ` +
      'so the behaviour is specified before it is implemented.',
    '',
    '## What Changes',
  ];
  for (const d of deltas) {
    for (const r of d.added) lines.push(`- Add "${r.name}" to ${d.cap}`);
    for (const r of d.modified) lines.push(`- Tighten "${r.name}" in ${d.cap}`);
    for (const n of d.removed) lines.push(`- **BREAKING** Remove "${n}" from ${d.cap}`);
    for (const r of d.renamed) lines.push(`- Rename "${r.from}" to "${r.to}" in ${d.cap}`);
  }
  lines.push(
    '',
    '## Impact',
    `- Affected specs: ${deltas.map((d) => d.cap).join(', ')}`,
    '- Affected code: service layer and API handlers',
    '',
  );
  return lines.join('\n');
}

function renderTasks(rnd, deltas, allDone) {
  const groups = [
    ['Implementation', deltas.map((d) => `Implement the ${d.cap} delta`)],
    ['Tests', ['Add scenario tests', 'Update fixtures']],
    ['Docs', ['Update the changelog']],
  ];
  const lines = ['# Tasks', ''];
  groups.forEach(([name, tasks], g) => {
    lines.push(`## ${g + 1}. ${name}`, '');
    tasks.forEach((task, t) => {
      const done = allDone || rnd.chance(0.3);
      lines.push(`- [${done ? 'x' : ' '}] ${g + 1}.${t + 1} ${task}`);
    });
    lines.push('');
  });
  return lines.join('\n');
}

function renderDesign(changeId) {
  return [
    `# Design: ${changeId}`,
    '',
    '## Context',
    'The current flow grew organically and has no single owner.',
    '',
    '## Goals / Non-Goals',
    '- Goal: one clear code path per requirement',
    '- Non-goal: a new storage engine',
    '',
    '## Decisions',
    '- Keep the public API stable; add fields, never rename them.',
    '',
    '## Risks / Trade-offs',
    '- Slightly more writes per request, bounded by batching.',
    '',
  ].join('\n');
}

function writeChange(dir, changeId, created, rnd, deltas, { allDone, design }) {
  writeFile(join(dir, '.openspec.yaml'), `schema: spec-driven\ncreated: ${created}\n`);
  writeFile(join(dir, 'proposal.md'), renderProposal(changeId, deltas));
  writeFile(join(dir, 'tasks.md'), renderTasks(rnd, deltas, allDone));
  if (design) writeFile(join(dir, 'design.md'), renderDesign(changeId));
  for (const d of deltas) writeFile(join(dir, 'specs', d.cap, 'spec.md'), renderDelta(d));
}

function writeFile(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

// ---------------------------------------------------------------------------
// Orchestration.

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      specs: { type: 'string' },
      changes: { type: 'string' },
      archived: { type: 'string' },
      reqs: { type: 'string', default: '5' },
      scenarios: { type: 'string', default: '2' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (!values.out || !values.specs) {
    throw new Error(
      'usage: gen-openspec-corpus.mjs --out DIR --specs N [--changes M] [--archived A] [--reqs 5] [--scenarios 2] [--seed 1]',
    );
  }
  const specs = Number(values.specs);
  const int = (v, fallback) => (v === undefined ? fallback : Number(v));
  return {
    out: values.out,
    specs,
    changes: int(values.changes, Math.floor(specs / 10)),
    archived: int(values.archived, Math.floor(specs / 10)),
    reqs: Math.max(1, Number(values.reqs)),
    scenarios: Math.max(1, Number(values.scenarios)),
    seed: Number(values.seed),
  };
}

export function generateCorpus(opts) {
  const rnd = makeRandom(opts.seed);
  const root = join(opts.out, 'openspec');
  rmSync(root, { recursive: true, force: true });
  writeFile(join(root, 'config.yaml'), 'schema: spec-driven\n');
  mkdirSync(join(root, 'changes', 'archive'), { recursive: true });

  const specs = makeSpecs(rnd, opts.specs, opts.reqs, opts.scenarios);
  let files = 1;

  // Archived changes come first so their ADDED requirements can be the ones now in the
  // main specs, as if the archive had merged them: history that agrees with the present.
  for (let a = 0; a < opts.archived && specs.length; a++) {
    const spec = specs[(a * 7) % specs.length];
    const req = spec.requirements[a % spec.requirements.length];
    const changeId = `add-${spec.noun}-${rnd.pick(ACTIONS)}-a${a}`;
    const created = isoDate(a % 365);
    const delta = { cap: spec.id, added: [req], modified: [], removed: [], renamed: [] };
    writeChange(join(root, 'changes', 'archive', `${created}-${changeId}`), changeId, created, rnd, [delta], {
      allDone: true,
      design: false,
    });
    files += 4;
  }

  for (const spec of specs) {
    writeFile(join(root, 'specs', spec.id, 'spec.md'), renderSpec(spec));
    files++;
  }

  for (let c = 0; c < opts.changes; c++) {
    const deltas = [];
    if (specs.length) {
      const used = new Set();
      for (let k = rnd.int(1, Math.min(3, specs.length)); k > 0; k--) {
        const spec = rnd.pick(specs);
        if (used.has(spec.id)) continue;
        used.add(spec.id);
        deltas.push(deltaForExisting(rnd, spec, opts.scenarios));
      }
    }
    if (rnd.chance(0.2) || deltas.length === 0) {
      const area = rnd.pick(AREAS);
      const noun = rnd.pick(NOUNS);
      deltas.push(
        newCapabilityDelta(
          rnd,
          `${area}-${noun}-new-${String(c).padStart(4, '0')}`,
          area,
          noun,
          opts.reqs,
          opts.scenarios,
        ),
      );
    }
    const first = deltas[0];
    const verb = first.purpose ? 'add' : first.removed.length ? 'remove' : 'update';
    const changeId = `${verb}-${first.cap}-c${c}`;
    const design = c % 3 === 0;
    writeChange(join(root, 'changes', changeId), changeId, isoDate(365 + (c % 300)), rnd, deltas, {
      allDone: false,
      design,
    });
    files += 3 + (design ? 1 : 0) + deltas.length;
  }
  return { root, files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const opts = parseOptions(process.argv.slice(2));
  const { root, files } = generateCorpus(opts);
  process.stderr.write(
    `wrote ${files} files under ${root} (specs=${opts.specs} changes=${opts.changes} archived=${opts.archived})\n`,
  );
}

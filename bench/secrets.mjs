// Recall and false positives of the secret detector, per rule family, before and after: the detector
// as it was at a56b432 (bench/secrets/before.ts) and the shared one (src/base/secrets.ts), both run
// on the labelled corpus of bench/secrets/corpus.ts.
// Usage: node bench/secrets.mjs [--write] [--show-misses]   (no build needed: esbuild bundles the sources)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

async function load(entry) {
  const r = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const code = r.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

const [{ findSecret }, { findSecrets }, { corpus, heldOut, FAMILIES }] = await Promise.all([
  load('bench/secrets/before.ts'),
  load('src/base/secrets.ts'),
  load('bench/secrets/corpus.ts'),
]);

const samples = corpus();
const before = (line) => findSecret(line) !== null;
const after = (line) => findSecrets(line).length > 0;

const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(0)} %` : '–');
const rows = [];
const totals = { pos: 0, neg: 0, tpB: 0, tpA: 0, fpB: 0, fpA: 0 };
const misses = [];
for (const f of FAMILIES) {
  const mine = samples.filter((s) => s.family === f.id);
  const p = mine.filter((s) => s.secret);
  const n = mine.filter((s) => !s.secret);
  const r = {
    f,
    pos: p.length,
    neg: n.length,
    tpB: p.filter((s) => before(s.line)).length,
    tpA: p.filter((s) => after(s.line)).length,
    fpB: n.filter((s) => before(s.line)).length,
    fpA: n.filter((s) => after(s.line)).length,
  };
  for (const k of Object.keys(totals)) totals[k] += r[k];
  rows.push(r);
  for (const s of mine) if (after(s.line) !== s.secret) misses.push(s);
}

// The held-out lines: written after the detector was tuned on the corpus, measured as they stand.
const held = heldOut();
const hp = held.filter((s) => s.secret);
const hn = held.filter((s) => !s.secret);
const heldRow = {
  pos: hp.length,
  neg: hn.length,
  tpB: hp.filter((s) => before(s.line)).length,
  tpA: hp.filter((s) => after(s.line)).length,
  fpB: hn.filter((s) => before(s.line)).length,
  fpA: hn.filter((s) => after(s.line)).length,
};
const heldWrong = held.filter((s) => after(s.line) !== s.secret);

// Unlabelled, but real: every Markdown file of the installed dependencies (pinned by package-lock.json).
// Their READMEs are full of example credentials and placeholders; what is reported there is listed.
function markdownUnder(dir, out = []) {
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) markdownUnder(p, out);
    else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
  }
  return out;
}
const docs = markdownUnder(join(root, 'node_modules')).map((f) => readFileSync(f, 'utf8').split(/\r?\n/));
const docLines = docs.flat();
const docHitsBefore = docLines.filter(before).length;
const docHitsAfter = docLines.filter(after);

// Lines that hold two secrets: the old detector stopped at the first.
const multi = samples.filter((s) => s.secret && / and |webhook_secret=/.test(s.line));
const allFound = multi.filter((s) => findSecrets(s.line).length >= 2).length;

// Speed on the whole corpus, repeated: what the governance check pays per line.
const lines = samples.map((s) => s.line);
const reps = 200;
for (let i = 0; i < 20; i++) for (const l of lines) findSecrets(l);
const t0 = process.hrtime.bigint();
for (let i = 0; i < reps; i++) for (const l of lines) findSecrets(l);
const perLineUs = Number(process.hrtime.bigint() - t0) / 1e3 / (reps * lines.length);

const fp = (n, d) => (d ? `${n} (${pct(n, d)})` : '–');
const row = (label, refs, r) =>
  `| ${label} | ${refs} | ${r.pos} | ${pct(r.tpB, r.pos)} | ${pct(r.tpA, r.pos)} | ${r.neg} | ${fp(r.fpB, r.neg)} | ${fp(r.fpA, r.neg)} |`;
// Long fakes are cut, so the report shows the line's shape without a token-shaped string in it.
const show = (s) =>
  `- ${s.secret ? 'missed' : 'false positive'} (${s.family}): \`${s.line.replace(/`/g, "'").replace(/[A-Za-z0-9+/_-]{24,}/g, (m) => `${m.slice(0, 8)}…`)}\``;
const date = new Date().toISOString().slice(0, 10);
const table = [
  '| family | reference rules (gitleaks / detect-secrets) | positives | recall before | recall after | negatives | false positives before | false positives after |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => row(r.f.title, `${r.f.gitleaks.join(', ')} / ${r.f.detectSecrets.join(', ')}`, r)),
  row('**all (tuned on)**', '', totals),
  row('**held out**', '`heldOut()`: written after the tuning, measured once', heldRow),
];
const section = `### Results: secret detector (${date})

- Command: \`node bench/secrets.mjs --write\` (no build needed).
- Corpus: \`bench/secrets/corpus.ts\`, ${samples.length} labelled lines (${totals.pos} holding a secret, ${totals.neg} that must not be reported) the detector was tuned on, and ${held.length} held-out lines (${heldRow.pos} / ${heldRow.neg}) written afterwards and measured as they stood. Fakes are generated from a fixed seed.
- Before: the detector at a56b432 (\`bench/secrets/before.ts\`, first hit per line). After: \`src/base/secrets.ts\` (every hit per line).
- Lines holding two secrets with both reported: ${allFound} of ${multi.length} after (the old detector reported one per line).
- Third-party documentation (unlabelled): the ${docs.length} Markdown files under \`node_modules\` (${docLines.length} lines): ${docHitsBefore} lines reported before, ${docHitsAfter.length} after${docHitsAfter.length ? ` (${docHitsAfter.map((l) => `\`${l.trim().slice(0, 60)}\``).join(', ')})` : ''}.
- Speed after: ${perLineUs.toFixed(1)} µs a line (${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg()[0].toFixed(2)}).

${table.join('\n')}

${misses.length ? `Still wrong on the tuned corpus:\n\n${misses.map(show).join('\n')}\n` : 'Nothing in the tuned corpus is wrong after.\n'}
${heldWrong.length ? `Wrong on the held-out lines (known limits):\n\n${heldWrong.map(show).join('\n')}\n` : 'Nothing in the held-out lines is wrong after.\n'}`;

console.log(section);
if (process.argv.includes('--show-misses'))
  for (const s of [...misses, ...heldWrong]) console.log(s.secret ? 'MISS' : 'FP  ', s.family, s.line);

if (process.argv.includes('--write')) {
  const file = join(root, 'BENCHMARKS.md');
  const md = readFileSync(file, 'utf8');
  const start = '<!-- bench:secrets:start -->';
  const end = '<!-- bench:secrets:end -->';
  const block = `${start}\n${section}${end}`;
  writeFileSync(
    file,
    md.includes(start)
      ? md.slice(0, md.indexOf(start)) + block + md.slice(md.indexOf(end) + end.length)
      : `${md.trimEnd()}\n\n${block}\n`,
  );
  console.log('wrote BENCHMARKS.md');
}

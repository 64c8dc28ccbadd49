#!/usr/bin/env node
// Side-by-side benchmark: Papertrail vs OpenSpec validate, with start-up and I/O floors.
//
//   node bench/run.mjs [--sizes 100,1000,5000] [--runs 5] [--write] [--regen]
//
// --write   rewrite the results section of BENCHMARKS.md (between the bench:validate markers)
// --regen   regenerate the cached corpora under bench/.corpus/ even if they look current
//
// Everything runs in the same process run, one size after the other, so the rows of a
// column share the machine state (page cache, CPU frequency, other load).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './gen-openspec-corpus.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = join(ROOT, 'bench');
const CORPUS_DIR = join(BENCH, '.corpus');
const RESULTS_DIR = join(BENCH, '.results');
const BENCHMARKS_MD = join(ROOT, 'BENCHMARKS.md');
const MARK_START = '<!-- bench:validate:start -->';
const MARK_END = '<!-- bench:validate:end -->';
const GNU_TIME = '/usr/bin/time';
// Above this warm-up time a command gets 3 timed runs instead of --runs, which keeps a full
// run (OpenSpec at N=5000 takes seconds per call) within the ~10 minute budget.
const SLOW_SECONDS = 15;

// ---------------------------------------------------------------------------
// Options and environment.

function parseOptions() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000,5000' },
      runs: { type: 'string', default: '5' },
      write: { type: 'boolean', default: false },
      regen: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: node bench/run.mjs [--sizes 100,1000,5000] [--runs 5] [--write] [--regen]\n',
    );
    process.exit(0);
  }
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bad --sizes: ${values.sizes}`);
  return { sizes, runs: Math.max(1, Number(values.runs)), write: values.write, regen: values.regen };
}

// OpenSpec writes global config under HOME/XDG and phones home unless told not to, so every
// command gets a throw-away HOME and the opt-outs. All rows share the same environment so
// none of them is favoured by it. NODE_OPTIONS is dropped: a caller's --inspect or
// --max-old-space-size would skew every Node row.
function benchEnv(home) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    OPENSPEC_TELEMETRY: '0',
    DO_NOT_TRACK: '1',
    OPENSPEC_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
    CI: '1',
  };
}

// ---------------------------------------------------------------------------
// Corpora: generated once per size and cached; the stamp ties the cache to the generator's
// source, so editing the generator invalidates stale trees automatically.

function generatorStamp(specs) {
  const source = readFileSync(join(BENCH, 'gen-openspec-corpus.mjs'));
  return JSON.stringify({
    generator: createHash('sha256').update(source).digest('hex').slice(0, 16),
    specs,
    seed: 1,
  });
}

function ensureCorpus(n, regen) {
  const dir = join(CORPUS_DIR, `n${n}`);
  const stampPath = join(dir, '.stamp');
  const stamp = generatorStamp(n);
  if (!regen && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return dir;
  log(`generating corpus N=${n} in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  generateCorpus({
    out: dir,
    specs: n,
    changes: Math.floor(n / 10),
    archived: Math.floor(n / 10),
    reqs: 5,
    scenarios: 2,
    seed: 1,
  });
  writeFileSync(stampPath, stamp);
  // validate --cache never remembers a file changed in the last two seconds (see
  // src/domain/openspec/stamps.ts); a fresh corpus must age that long or "warm" would be cold.
  const settled = Date.now() + 2100;
  while (Date.now() < settled) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  return dir;
}

function treeSize(dir) {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = treeSize(path);
      files += sub.files;
      bytes += sub.bytes;
    } else if (entry.isFile()) {
      files++;
      bytes += statSync(path).size;
    }
  }
  return { files, bytes };
}

// ---------------------------------------------------------------------------
// Commands. openspec is started as `node <its entry file>` rather than through the
// .bin shim's `#!/usr/bin/env node`, so both CLIs run on exactly the same Node binary.

function commands(cacheFile = join(os.tmpdir(), 'papertrail-bench-cache.json')) {
  const node = process.execPath;
  const openspec = realpathSync(join(ROOT, 'node_modules', '.bin', 'openspec'));
  const papertrail = join(ROOT, 'bin', 'papertrail.js');
  // The cache lives outside the corpus (--cache-location) so the corpora stay as generated.
  const cached = [node, papertrail, 'validate', '--json', '--cache-location', cacheFile];
  return [
    { id: 'node', label: '`node -e 0`', argv: [node, '-e', '0'] },
    { id: 'ptVersion', label: '`papertrail --version`', argv: [node, papertrail, '--version'] },
    { id: 'osVersion', label: '`openspec --version`', argv: [node, openspec, '--version'] },
    {
      id: 'cat',
      label: '`find openspec -type f -print0 | xargs -0 cat > /dev/null`',
      argv: ['sh', '-c', 'find openspec -type f -print0 | xargs -0 cat > /dev/null'],
    },
    {
      id: 'readAll',
      label: '`node bench/read-all.mjs` (readFileSync every file)',
      argv: [node, join(BENCH, 'read-all.mjs'), 'openspec'],
    },
    {
      id: 'osValidate',
      label: '`openspec validate --all --json --no-interactive`',
      argv: [node, openspec, 'validate', '--all', '--json', '--no-interactive'],
      summarize: summarizeOpenSpec,
    },
    {
      id: 'ptValidate',
      label: '`papertrail validate --json`',
      argv: [node, papertrail, 'validate', '--json'],
      summarize: summarizePapertrail,
    },
    // --cache, cold: the cache is deleted before every run, so each run checks everything and
    // writes the cache (what the first run after a checkout or an upgrade pays).
    {
      id: 'ptCacheCold',
      label: '`papertrail validate --json --cache`, cold (no cache: checks all, writes it)',
      argv: cached,
      summarize: summarizePapertrail,
      before: () => rmSync(cacheFile, { force: true }),
    },
    // --cache, warm: the cache is up to date, as on every later run where few files changed.
    {
      id: 'ptCacheWarm',
      label: '`papertrail validate --json --cache`, warm (nothing changed since the last run)',
      argv: cached,
      summarize: summarizePapertrail,
      before: (cwd, env) => {
        if (!existsSync(cacheFile)) spawnSync(cached[0], cached.slice(1), { cwd, env, stdio: 'ignore' });
      },
      stats: [...cached, '--verbose'],
    },
  ];
}

// What each validator said on the warm-up run: a benchmark of a validator that found
// nothing because it read nothing would be worthless, so the verdicts are reported too.
function summarizeOpenSpec(stdout) {
  const json = JSON.parse(stdout);
  const t = json.summary.totals;
  const issues = json.items.reduce((sum, item) => sum + item.issues.length, 0);
  return {
    items: t.items,
    text: `${t.items} items, ${t.passed} passed, ${t.failed} failed, ${issues} issues`,
  };
}

function summarizePapertrail(stdout) {
  const json = JSON.parse(stdout);
  // The JSON shape is Papertrail's own and still evolving; report whatever counts it exposes.
  const parts = [];
  const visit = (value, path) => {
    if (Array.isArray(value)) parts.push(`${path}: ${value.length}`);
    else if (typeof value === 'number' || typeof value === 'boolean') parts.push(`${path}: ${value}`);
    else if (value && typeof value === 'object' && path.split('.').length < 3) {
      for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k);
    }
  };
  visit(json, '');
  return { items: json.summary?.documents, text: parts.slice(0, 12).join(', ') || 'JSON output' };
}

// Papertrail finds its workspace by walking up to the nearest papertrail.yaml, and the corpora
// live inside this repository: if the repository ever gets one, papertrail would validate the
// wrong tree and look very fast. Comparing item counts with OpenSpec catches that.
function countMismatch(rows) {
  const os = rows.osValidate?.verdict?.items;
  const pt = rows.ptValidate?.verdict?.items;
  if (os === undefined || pt === undefined || os === pt) return null;
  return `papertrail checked ${pt} documents but openspec ${os} items: are they validating the same tree?`;
}

// ---------------------------------------------------------------------------
// Measuring. Wall time comes from hrtime around the spawn (GNU time's %e only has 10 ms
// resolution, too coarse for start-up rows); peak RSS comes from GNU time's %M, which is the
// child's ru_maxrss from wait4 and so also covers the children of `sh -c` pipelines. CPU time
// (%U + %S) is kept too: on a shared machine it moves less than wall time does.

const haveGnuTime = existsSync(GNU_TIME);

function runOnce(cmd, cwd, env, scratch) {
  cmd.before?.(cwd, env);
  const stdoutPath = join(scratch, `${cmd.id}.out`);
  const timePath = join(scratch, `${cmd.id}.time`);
  const argv = haveGnuTime ? [GNU_TIME, '-f', '%M %U %S', '-o', timePath, ...cmd.argv] : cmd.argv;
  const fd = openSync(stdoutPath, 'w');
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd,
    env,
    stdio: ['ignore', fd, 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(fd);
  let rssKB = null;
  let cpu = null;
  if (haveGnuTime && existsSync(timePath)) {
    // GNU time prefixes "Command exited with non-zero status N" on failure; ours is the last line.
    const [maxrss, user, sys] = readFileSync(timePath, 'utf8')
      .trim()
      .split('\n')
      .at(-1)
      .split(' ')
      .map(Number);
    rssKB = maxrss || null;
    cpu = Number.isFinite(user + sys) ? user + sys : null;
  }
  return {
    wall,
    rssKB,
    cpu,
    status: result.status,
    signal: result.signal,
    stderr: String(result.stderr ?? '').slice(0, 4000),
    stdoutPath,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The warm-up run fills the page cache and module caches, and its output is what the
// verdict is read from; it also decides how many timed runs the command gets.
function warmUp(cmd, cwd, env, scratch, runs) {
  const warm = runOnce(cmd, cwd, env, scratch);
  const row = { label: cmd.label, warmup: warm.wall, status: warm.status, signal: warm.signal, samples: [] };
  if (cmd.summarize) {
    try {
      const stdout = readFileSync(warm.stdoutPath, 'utf8');
      row.outputHash = createHash('sha256').update(stdout).digest('hex');
      row.verdict = cmd.summarize(stdout);
    } catch (error) {
      row.verdict = null;
      row.outputError = `output is not the expected JSON (${error.message.split('\n')[0]})`;
    }
  }
  if (warm.status !== 0) {
    const said = warm.stderr.trim() ? warm.stderr : readFileSync(warm.stdoutPath, 'utf8');
    row.failure = `exit ${warm.status ?? warm.signal}: ${firstLines(said, 3) || '(no output)'}`;
  }
  row.runs = warm.wall > SLOW_SECONDS ? Math.min(3, runs) : runs;
  // How much a cached run really reused: a "warm" row that rechecked everything would flatter
  // nothing but would mislabel a cold run.
  if (cmd.stats) {
    const r = spawnSync(cmd.stats[0], cmd.stats.slice(1), { cwd, env, encoding: 'utf8' });
    row.cacheStats =
      /: (\d+ spec\(s\) and \d+ change\(s\) reused, \d+ and \d+ checked)/.exec(r.stderr)?.[1] ?? 'unknown';
  }
  return row;
}

// The cached rows must print exactly what the plain row prints, or their times mean nothing.
function sameOutput(rows) {
  const plain = rows.ptValidate?.outputHash;
  const notes = [];
  for (const id of ['ptCacheCold', 'ptCacheWarm']) {
    const row = rows[id];
    if (!row || !plain) continue;
    notes.push(
      `${id === 'ptCacheCold' ? 'cold' : 'warm'} --cache output ${row.outputHash === plain ? 'byte-identical to' : '**differs from**'} the uncached output`,
    );
  }
  return notes;
}

// Timed runs go round-robin over the commands rather than command after command: on a
// shared or throttling machine, drift then spreads over every row instead of biasing the
// ratios between neighbouring rows.
function benchSize(cmds, cwd, env, scratch, runs) {
  const rows = {};
  for (const cmd of cmds) {
    log(`warm-up ${cmd.label}`);
    rows[cmd.id] = warmUp(cmd, cwd, env, scratch, runs);
  }
  rows.ptValidate.sameOutput = sameOutput(rows);
  for (let i = 0; i < runs; i++) {
    log(`timed round ${i + 1}/${runs}`);
    for (const cmd of cmds) {
      if (i < rows[cmd.id].runs) rows[cmd.id].samples.push(runOnce(cmd, cwd, env, scratch));
    }
  }
  for (const row of Object.values(rows)) {
    const samples = row.samples;
    delete row.samples;
    row.walls = samples.map((s) => s.wall);
    row.median = median(row.walls);
    const rss = samples.map((s) => s.rssKB).filter((v) => v !== null);
    row.peakRssMB = rss.length ? Math.max(...rss) / 1024 : null;
    const cpus = samples.map((s) => s.cpu).filter((v) => v !== null);
    row.cpuMedian = cpus.length ? median(cpus) : null;
    row.statuses = [...new Set(samples.map((s) => s.status))];
  }
  return rows;
}

function firstLines(text, n) {
  return text.trim().split('\n').slice(0, n).join(' ⏎ ').slice(0, 300);
}

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------------------
// Ratios and their targets.

const RATIOS = [
  {
    id: 'startup',
    label: 'papertrail --version / node -e 0',
    num: 'ptVersion',
    den: 'node',
    target: 1.5,
    better: 'lower',
  },
  {
    id: 'speedup',
    label: 'openspec validate / papertrail validate (no cache)',
    num: 'osValidate',
    den: 'ptValidate',
    target: 10,
    better: 'higher',
  },
  {
    id: 'floor',
    label: 'papertrail validate (no cache) / node read-all floor',
    num: 'ptValidate',
    den: 'readAll',
    target: 3,
    better: 'lower',
  },
  {
    id: 'speedupWarm',
    label: 'openspec validate / papertrail validate --cache, warm',
    num: 'osValidate',
    den: 'ptCacheWarm',
    target: 10,
    better: 'higher',
  },
  {
    id: 'floorWarm',
    label: 'papertrail validate --cache, warm / node read-all floor',
    num: 'ptCacheWarm',
    den: 'readAll',
    target: 3,
    better: 'lower',
  },
  // No target: what writing the cache costs on a run that has to check everything anyway.
  {
    id: 'cacheBuild',
    label: 'papertrail validate --cache, cold / papertrail validate (cost of writing the cache)',
    num: 'ptCacheCold',
    den: 'ptValidate',
    target: null,
  },
  // No target: this is the best speed-up any Node validator could show on this machine and
  // corpus (one that only starts and reads), i.e. the ceiling for the ≥ 10× target above.
  {
    id: 'ceiling',
    label: 'openspec validate / node read-all floor (ceiling for the speed-up)',
    num: 'osValidate',
    den: 'readAll',
    target: null,
  },
];

// A ratio involving `papertrail validate` means nothing unless that command really validated
// the corpus, i.e. printed parseable JSON; a clean corpus should also give exit 0.
function usable(row) {
  if (!row) return false;
  if ('verdict' in row && row.verdict === null) return false;
  return row.status === 0 || row.status === 1;
}

function computeRatios(sizeResult) {
  const out = {};
  for (const r of RATIOS) {
    const num = sizeResult.rows[r.num];
    const den = sizeResult.rows[r.den];
    if (!usable(num) || !usable(den)) {
      out[r.id] = { value: null, met: false };
      continue;
    }
    const value = num.median / den.median;
    const met = r.target === null ? null : r.better === 'lower' ? value <= r.target : value >= r.target;
    out[r.id] = { value, met };
  }
  return out;
}

// ---------------------------------------------------------------------------
// Report.

const fmtSec = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

function cell(row) {
  if (!row) return '—';
  if ('verdict' in row && row.verdict === null) return `FAILED (exit ${row.status ?? row.signal})`;
  const rss = row.peakRssMB === null ? '' : ` · ${row.peakRssMB.toFixed(0)} MB`;
  const flag = row.status === 0 ? '' : ` ⚠ exit ${row.status ?? row.signal}`;
  return `${fmtSec(row.median)}${rss}${flag}`;
}

function renderTables(results) {
  const sizes = Object.keys(results.sizes);
  const header = `| | ${sizes.map((n) => `N=${n}`).join(' | ')} |\n|---|${sizes.map(() => '---').join('|')}|`;
  const lines = [];

  lines.push(
    'Corpus (generated by `bench/gen-openspec-corpus.mjs`, seed 1, 5 requirements × 2 scenarios per spec):',
    '',
    header,
  );
  lines.push(
    `| specs / active changes / archived | ${sizes.map((n) => `${n} / ${Math.floor(n / 10)} / ${Math.floor(n / 10)}`).join(' | ')} |`,
  );
  lines.push(
    `| files / size | ${sizes.map((n) => `${results.sizes[n].corpus.files} / ${(results.sizes[n].corpus.bytes / 1048576).toFixed(1)} MB`).join(' | ')} |`,
  );

  lines.push('', 'Median wall time · peak RSS (max over the timed runs):', '', header);
  for (const cmd of commands()) {
    lines.push(
      `| ${cmd.label.replace(/\|/g, '\\|')} | ${sizes.map((n) => cell(results.sizes[n].rows[cmd.id])).join(' | ')} |`,
    );
  }

  if (haveGnuTime) {
    lines.push(
      '',
      'Median CPU time (user + sys, 10 ms resolution; less sensitive than wall time to other load on the machine):',
      '',
      header,
    );
    for (const cmd of commands()) {
      const cells = sizes.map((n) => {
        const row = results.sizes[n].rows[cmd.id];
        return row?.cpuMedian == null || ('verdict' in row && row.verdict === null)
          ? '—'
          : fmtSec(row.cpuMedian);
      });
      lines.push(`| ${cmd.label.replace(/\|/g, '\\|')} | ${cells.join(' | ')} |`);
    }
  }

  lines.push(
    '',
    'Ratios of median wall times:',
    '',
    `| ratio | target | ${sizes.map((n) => `N=${n}`).join(' | ')} | verdict |`,
    `|---|---|${sizes.map(() => '---').join('|')}|---|`,
  );
  for (const r of RATIOS) {
    const per = sizes.map((n) => results.sizes[n].ratios[r.id]);
    const cells = per.map((p) =>
      p.value === null ? 'n/a' : `${p.value.toFixed(2)}×${p.met === null ? '' : p.met ? ' met' : ' not met'}`,
    );
    const verdict =
      r.target === null
        ? 'information'
        : per.every((p) => p.value === null)
          ? '**not measured** (a command failed)'
          : per.every((p) => p.met)
            ? '**met**'
            : per.some((p) => p.met)
              ? '**partly met**'
              : '**not met**';
    lines.push(
      `| ${r.label} | ${r.target === null ? '—' : `${r.better === 'lower' ? '≤' : '≥'} ${r.target}×`} | ${cells.join(' | ')} | ${verdict} |`,
    );
  }

  const notes = [];
  for (const n of sizes) {
    for (const [id, row] of Object.entries(results.sizes[n].rows)) {
      if (row.verdict) notes.push(`- N=${n} ${VERDICT_NAMES[id] ?? id} verdict: ${row.verdict.text}`);
      if (row.cacheStats) notes.push(`- N=${n} warm --cache run: ${row.cacheStats}`);
      for (const note of row.sameOutput ?? []) notes.push(`- N=${n} ${note}`);
      if (row.outputError) notes.push(`- N=${n} ${row.label}: ${row.outputError}`);
      if (row.failure) notes.push(`- N=${n} ${row.label} failed: ${row.failure}`);
    }
    const mismatch = countMismatch(results.sizes[n].rows);
    if (mismatch) notes.push(`- N=${n} ⚠ ${mismatch}`);
  }
  if (notes.length) lines.push('', 'What the validators reported (warm-up run):', '', ...notes);
  return lines.join('\n');
}

const VERDICT_NAMES = {
  osValidate: 'openspec',
  ptValidate: 'papertrail',
  ptCacheCold: 'papertrail --cache (cold)',
  ptCacheWarm: 'papertrail --cache (warm)',
};

// A 1-minute load at or above the core count means timed commands queued for CPU behind
// other work, which inflates wall times unevenly.
function busy(m) {
  return [m.loadBefore, m.loadAfter].some((l) => Number(l.split(' ')[0]) >= m.cpus);
}

function renderSection(results) {
  const m = results.machine;
  return [
    MARK_START,
    `### Results: validate (${results.date.slice(0, 10)})`,
    '',
    `- Date: ${results.date}`,
    `- Machine: ${m.cpus} × ${m.cpuModel}, ${m.memGB} GB RAM, ${m.platform}; Node ${m.node}`,
    // Load average says how much else was running: the figures are only as quiet as the machine.
    `- Load average (1/5/15 min): ${m.loadBefore} before, ${m.loadAfter} after; the run took ${results.totalSeconds.toFixed(0)} s` +
      (busy(m)
        ? ` — **the machine was busy (load ≥ ${m.cpus} CPUs): other work shared the cores, so treat wall-time ratios as rough and compare CPU times**`
        : ''),
    `- Versions: papertrail ${results.versions.papertrail} (git ${results.versions.git}), openspec ${results.versions.openspec}`,
    `- Command: \`${results.command}\``,
    `- Method: 1 warm-up + ${results.runs} timed runs per command (at most 3 when the warm-up exceeds ${SLOW_SECONDS} s), timed runs interleaved ` +
      'round-robin across commands, cwd = corpus dir, stdout to a file, warm page cache. Wall time from `process.hrtime` around `spawnSync`; ' +
      (haveGnuTime
        ? 'peak RSS (ru_maxrss of the process tree) and CPU time from `/usr/bin/time -f "%M %U %S"`.'
        : 'no RSS or CPU time (no /usr/bin/time on this machine).'),
    '',
    renderTables(results),
    MARK_END,
  ].join('\n');
}

function writeBenchmarksMd(section) {
  const current = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  const next =
    start !== -1 && end > start
      ? current.slice(0, start) + section + current.slice(end + MARK_END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(BENCHMARKS_MD, next);
  log(`rewrote the validate section of ${BENCHMARKS_MD}`);
}

// ---------------------------------------------------------------------------

function versionOf(argv, env) {
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : `unknown (exit ${r.status})`;
}

function main() {
  const opts = parseOptions();
  const home = mkdtempSync(join(os.tmpdir(), 'papertrail-bench-home-'));
  const scratch = mkdtempSync(join(os.tmpdir(), 'papertrail-bench-out-'));
  const env = benchEnv(home);
  const cmds = commands(join(scratch, 'validate-cache.json'));
  const cpus = os.cpus();
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const results = {
    date: new Date().toISOString(),
    command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    runs: opts.runs,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memGB: (os.totalmem() / 2 ** 30).toFixed(0),
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      loadBefore: os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
    },
    versions: {
      papertrail: versionOf(cmds.find((c) => c.id === 'ptVersion').argv, env),
      openspec: versionOf(cmds.find((c) => c.id === 'osVersion').argv, env),
      git: git.status === 0 ? git.stdout.trim() : 'unknown',
    },
    sizes: {},
  };

  const started = Date.now();
  try {
    for (const n of opts.sizes) {
      const dir = ensureCorpus(n, opts.regen);
      log(`N=${n}`);
      const sizeResult = {
        corpus: treeSize(join(dir, 'openspec')),
        rows: benchSize(cmds, dir, env, scratch, opts.runs),
      };
      for (const row of Object.values(sizeResult.rows)) {
        log(`  ${fmtSec(row.median).padStart(8)}  ${row.label}${row.failure ? ` — ${row.failure}` : ''}`);
      }
      sizeResult.ratios = computeRatios(sizeResult);
      results.sizes[n] = sizeResult;
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
  results.totalSeconds = (Date.now() - started) / 1000;
  results.machine.loadAfter = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  log(`done in ${results.totalSeconds.toFixed(0)} s`);

  // One JSON line per run, appended: a history to compare against, in a format the
  // formatter leaves alone (biome would flag pretty-printed .json files in bench/).
  mkdirSync(RESULTS_DIR, { recursive: true });
  appendFileSync(join(RESULTS_DIR, 'validate.ndjson'), `${JSON.stringify(results)}\n`);

  const section = renderSection(results);
  process.stdout.write(`${section}\n`);
  if (opts.write) writeBenchmarksMd(section);
}

main();

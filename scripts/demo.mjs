// The main job on embedded defaults: the README's walkthrough from the idea to a draft PR in a fresh
// workspace, no network, no GitHub, no AI, no Postgres (the forge is local: real git, issues and PRs in
// an embedded store). Usage: node scripts/demo.mjs [DIR] (default: ./demo-workspace, recreated).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = resolve(root, 'bin/papertrail.js');
const dir = resolve(process.argv[2] ?? 'demo-workspace');
const examples = resolve(root, 'examples/seed-000');

if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const repo = resolve(dir, 'runner-infra');

function step(title, args, cwd = dir) {
  process.stdout.write(`\n${cwd === dir ? '' : `(in ${cwd})\n`}$ papertrail ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, CI: '1' },
  });
  if (r.status !== 0) {
    process.stderr.write(`demo: "${title}" failed with exit code ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
}

step('workspace', ['init', '--author', '@platform-team']);
step('proposal', ['propose', '--from', `${examples}/prop-0001.yaml`]);
step('review', ['status', 'PROP-0001', 'review']);
step('approval', ['status', 'PROP-0001', 'approved']);
step('spec', ['spec', '--from', `${examples}/spec-0001.json`]);
step('list', ['list']);
step('validate', ['validate', '--strict']);
step('graph', ['graph', '--level', 'requirements']);
step('trace', ['trace', 'SPEC-0001/REQ-001']);
// Parts 3 and 4 and "What Happens Next": the implementing repository, its plan and the first PR.
step('bootstrap', ['bootstrap', 'SPEC-0001', '--dir', 'runner-infra']);
step('plan', ['plan'], repo);
step('next', ['next'], repo);
step('implement', ['implement'], repo);
step('trace to the PR', ['trace', 'SPEC-0001/REQ-001'], repo);
process.stdout.write(
  `\nDone. The documents are in ${dir}/docs; the implementing repository (a git repository, its issues\n` +
    `and pull requests in its embedded store under .papertrail/) is ${repo}.\n`,
);

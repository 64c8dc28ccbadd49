// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions' own ${{ }} expressions, written as they appear in a workflow
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';

/** Where the handoff files go: each execute job commits its own, or one collector job commits them all. */
export type CiStrategy = 'collector' | 'producer';

export const EXECUTORS_WORKFLOW = '.github/workflows/papertrail-executors.yml';

// Pinned by commit, as GitHub's hardening guide asks: a tag can be moved to other code, a commit cannot.
export const ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', // v4.2.2
  setupNode: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', // v4.4.0
  uploadArtifact: 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02', // v4.6.2
  downloadArtifact: 'actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093', // v4.3.0
} as const;
const TAGS: Record<string, string> = {
  [ACTIONS.checkout]: 'v4.2.2',
  [ACTIONS.setupNode]: 'v4.4.0',
  [ACTIONS.uploadArtifact]: 'v4.6.2',
  [ACTIONS.downloadArtifact]: 'v4.3.0',
};

/** GitHub runs at most this many jobs from one matrix; the rest wait for the next orchestration. */
export const MATRIX_LIMIT = 256;

export interface ExecutorsWorkflowOptions {
  strategy: CiStrategy;
  /** The step's command, run with bash in the checked-out workspace for every claimed attempt. */
  command: string;
  /** execution.ledger.branch: pushes to it start an orchestration. */
  ledgerBranch: string;
  /** The papertrail-spec version every job installs: the one that wrote the workflow. */
  version: string;
  runsOn: string;
  /** The orchestrator claims each ready attempt before the fan-out, for the execute job it names. */
  preClaim: boolean;
}

const MARK = '# papertrail-ci-init sha256:';

/** The step IDs tests and readers rely on to find a job's scripts. */
export const STEP_IDS = {
  install: 'install',
  schedule: 'schedule',
  attempt: 'attempt',
  cancelled: 'cancelled',
  collect: 'collect',
} as const;

// The scripts read everything from the environment, never from `${{ }}` inside the script: a value
// from the schedule (a step key) or the command is then data, not shell code GitHub pastes in.
const SCHEDULE_SCRIPT = `papertrail work schedule --json > "$RUNNER_TEMP/papertrail-schedule.json"
node - "$RUNNER_TEMP/papertrail-schedule.json" <<'JS'
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const fail = (message) => {
  console.log(\`::error::\${message}\`);
  process.exit(1);
};
let schedule;
try {
  schedule = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
} catch (e) {
  fail(\`papertrail work schedule --json did not print JSON: \${e.message}\`);
}
if (!schedule || !Array.isArray(schedule.ready)) fail('papertrail work schedule --json printed no "ready" list');
const limit = Number(process.env.PAPERTRAIL_MATRIX_LIMIT);
const preClaim = process.env.PAPERTRAIL_PRE_CLAIM === 'true';
const id = (v) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^[\\w.-]+$/.test(v));
const include = [];
for (const [i, r] of schedule.ready.entries()) {
  if (!r || !id(r.attempt) || !id(r.item) || typeof r.step !== 'string' || !r.step)
    fail(\`ready[\${i}] is not {attempt, item, step, order}: \${JSON.stringify(r)}\`);
  if (include.length === limit) {
    console.log(\`::notice::\${schedule.ready.length - i} more ready attempt(s) wait for the next orchestration (a matrix holds \${limit} jobs).\`);
    break;
  }
  const entry = { attempt: String(r.attempt), item: String(r.item), step: r.step, order: r.order ?? null, preclaimed: false };
  if (preClaim) {
    // The execute job at this matrix index runs as this executor, so the claim is already its own.
    const executor = \`gha-\${process.env.GITHUB_RUN_ID}-\${include.length}\`;
    const c = spawnSync('papertrail', ['work', 'claim', '--attempt', entry.attempt, '--executor', executor], { stdio: 'inherit' });
    if (c.status === 3) {
      console.log(\`::notice::attempt \${entry.attempt} was not claimed (refused above); it is left out.\`);
      continue;
    }
    if (c.status !== 0) fail(\`papertrail work claim --attempt \${entry.attempt} failed (exit \${c.status ?? c.signal})\`);
    entry.preclaimed = true;
  }
  include.push(entry);
}
fs.appendFileSync(process.env.GITHUB_OUTPUT, \`matrix=\${JSON.stringify({ include })}\\ncount=\${include.length}\\n\`);
console.log(\`\${include.length} attempt(s) to execute, in schedule order: \${include.map((e) => \`#\${e.item} \${e.step} (attempt \${e.attempt})\`).join(', ') || 'none'}\`);
JS`;

/** Claim → the step's command → complete or fail. Exit 3 from the claim: not this job's to run. */
function attemptScript(ledgerOut: string): string {
  return `set +e
if [ "$PAPERTRAIL_PRECLAIMED" != true ]; then
  papertrail work claim --attempt "$PAPERTRAIL_ATTEMPT" --executor "$PAPERTRAIL_EXECUTOR"
  status=$?
  if [ "$status" -eq 3 ]; then
    echo "::notice::Attempt $PAPERTRAIL_ATTEMPT is not this job's to run (the claim was refused, above); nothing done."
    exit 0
  fi
  if [ "$status" -ne 0 ]; then exit "$status"; fi
fi
touch "$RUNNER_TEMP/papertrail-claimed"
echo "::group::#$PAPERTRAIL_ITEM $PAPERTRAIL_STEP (attempt $PAPERTRAIL_ATTEMPT)"
bash -c "$PAPERTRAIL_COMMAND"
code=$?
echo "::endgroup::"
set -e
if [ "$code" -eq 0 ]; then
  papertrail work complete "$PAPERTRAIL_ATTEMPT"${ledgerOut}
else
  papertrail work fail "$PAPERTRAIL_ATTEMPT" --reason "the step's command exited with $code"${ledgerOut}
fi
touch "$RUNNER_TEMP/papertrail-recorded"
exit "$code"`;
}

// A cancelled job would leave its attempt claimed until the lease runs out; failing it queues the retry now.
function cancelledScript(ledgerOut: string): string {
  return `if [ -f "$RUNNER_TEMP/papertrail-claimed" ] && [ ! -f "$RUNNER_TEMP/papertrail-recorded" ]; then
  papertrail work fail "$PAPERTRAIL_ATTEMPT" --reason "the workflow run was cancelled"${ledgerOut}
fi`;
}

const COLLECT_SCRIPT = `shopt -s nullglob
dirs=("$RUNNER_TEMP"/papertrail-handoff/*/)
if [ "\${#dirs[@]}" -eq 0 ]; then
  echo "::notice::No handoff files to collect."
  exit 0
fi
papertrail work collect "\${dirs[@]}"`;

/** The workflow `papertrail ci init` writes: its text, header line and content hash included. */
export function executorsWorkflow(o: ExecutorsWorkflowOptions): string {
  const collector = o.strategy === 'collector';
  const ledgerOut = collector ? ' --ledger-out "$RUNNER_TEMP/papertrail-out"' : '';
  const ledger = `'${o.ledgerBranch}'`;
  const setup = [
    {
      name: 'Check out the workspace',
      uses: ACTIONS.checkout,
      // A push to the ledger branch starts the run there; the workspace (papertrail.yaml, the plan) is
      // on the default branch.
      with: {
        ref: `\${{ github.ref_name == ${ledger} && github.event.repository.default_branch || github.ref }}`,
      },
    },
    { name: 'Set up Node', uses: ACTIONS.setupNode, with: { 'node-version': '22' } },
    {
      id: STEP_IDS.install,
      name: 'Install Papertrail',
      run: `npm install --global --no-audit --no-fund papertrail-spec@${o.version}`,
    },
  ];
  // The ledger's commits are the Actions bot's, in any clone the commands make.
  const gitIdentity = {
    GIT_AUTHOR_NAME: 'github-actions[bot]',
    GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
    GIT_COMMITTER_NAME: 'github-actions[bot]',
    GIT_COMMITTER_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
  };
  const orchestrate = {
    name: 'Orchestrate',
    'runs-on': o.runsOn,
    permissions: { contents: 'write' },
    // One orchestration at a time (so one per work item): a later one waits, none is cancelled midway.
    concurrency: { group: 'papertrail-orchestrate', 'cancel-in-progress': false },
    outputs: {
      matrix: `\${{ steps.${STEP_IDS.schedule}.outputs.matrix }}`,
      count: `\${{ steps.${STEP_IDS.schedule}.outputs.count }}`,
    },
    steps: [
      ...setup,
      {
        id: STEP_IDS.schedule,
        name: 'Schedule the ready attempts',
        shell: 'bash',
        env: { PAPERTRAIL_MATRIX_LIMIT: String(MATRIX_LIMIT), PAPERTRAIL_PRE_CLAIM: String(o.preClaim) },
        run: SCHEDULE_SCRIPT,
      },
    ],
  };
  const execute = {
    name: '#${{ matrix.item }} ${{ matrix.step }} (attempt ${{ matrix.attempt }})',
    needs: 'orchestrate',
    if: "needs.orchestrate.outputs.count != '0'",
    'runs-on': o.runsOn,
    permissions: { contents: 'write' },
    // Keyed by the work item and its step: the same step of an item never runs twice at once, while
    // an item's parallel steps do (GitHub keeps one pending job per group and cancels the one before).
    concurrency: {
      group: 'papertrail-item-${{ matrix.item }}-${{ matrix.step }}',
      'cancel-in-progress': false,
    },
    strategy: {
      'fail-fast': false,
      matrix: '${{ fromJSON(needs.orchestrate.outputs.matrix) }}',
    },
    env: {
      PAPERTRAIL_ATTEMPT: '${{ matrix.attempt }}',
      PAPERTRAIL_ITEM: '${{ matrix.item }}',
      PAPERTRAIL_STEP: '${{ matrix.step }}',
      PAPERTRAIL_PRECLAIMED: '${{ matrix.preclaimed }}',
      PAPERTRAIL_EXECUTOR: 'gha-${{ github.run_id }}-${{ strategy.job-index }}',
      PAPERTRAIL_COMMAND: o.command,
    },
    steps: [
      ...setup,
      {
        id: STEP_IDS.attempt,
        name: 'Claim, run the step, record the result',
        shell: 'bash',
        run: attemptScript(ledgerOut),
      },
      {
        id: STEP_IDS.cancelled,
        name: 'Record a cancelled attempt',
        if: 'cancelled()',
        shell: 'bash',
        run: cancelledScript(ledgerOut),
      },
      ...(collector
        ? [
            {
              name: 'Upload the handoff files',
              if: 'always()',
              uses: ACTIONS.uploadArtifact,
              with: {
                name: 'papertrail-handoff-${{ matrix.attempt }}',
                path: '${{ runner.temp }}/papertrail-out',
                'if-no-files-found': 'ignore',
                // A re-run of the job replaces its earlier upload instead of failing on the name.
                overwrite: true,
                'include-hidden-files': true,
                'retention-days': 7,
              },
            },
          ]
        : []),
    ],
  };
  const collect = {
    name: 'Collect',
    needs: ['orchestrate', 'execute'],
    // After failed and cancelled attempts too: their handoff files are part of the record.
    if: "always() && needs.orchestrate.result == 'success' && needs.orchestrate.outputs.count != '0'",
    'runs-on': o.runsOn,
    permissions: { contents: 'write' },
    concurrency: { group: 'papertrail-collect', 'cancel-in-progress': false },
    steps: [
      ...setup,
      {
        name: 'Download the handoff files',
        uses: ACTIONS.downloadArtifact,
        with: { pattern: 'papertrail-handoff-*', path: '${{ runner.temp }}/papertrail-handoff' },
      },
      { id: STEP_IDS.collect, name: 'Commit them once', shell: 'bash', run: COLLECT_SCRIPT },
    ],
  };
  const workflow = {
    name: 'Papertrail executors',
    on: {
      workflow_dispatch: {},
      push: { branches: [o.ledgerBranch] },
    },
    // Nothing by default; each job asks for what it uses.
    permissions: {},
    env: gitIdentity,
    jobs: { orchestrate, execute, ...(collector ? { collect } : {}) },
  };
  const head = header(o);
  const body = pinComments(stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false }));
  return `${head}${MARK}${sha256(head + body)}\n${body}`;
}

function header(o: ExecutorsWorkflowOptions): string {
  return [
    `# Written by papertrail ci init (papertrail-spec ${o.version}): the plan's executors as jobs,`,
    `# the ${o.strategy} strategy. Change it with papertrail ci init; an edited file is kept unless --force.`,
    '',
  ].join('\n');
}

/** `uses: owner/repo@sha` gets its tag as a comment, for the reader and for Dependabot. */
function pinComments(text: string): string {
  return text.replace(/^(\s*(?:- )?uses: )(\S+)$/gm, (line, _p, ref: string) =>
    TAGS[ref] ? `${line} # ${TAGS[ref]}` : line,
  );
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Whose a file at the workflow's path is: `ours` (written by ci init, unchanged since: the hash on
 * its mark line covers every other line), `edited` (written by ci init, changed since), `foreign`.
 */
export function workflowOwner(text: string): 'ours' | 'edited' | 'foreign' {
  const at = text.indexOf(`\n${MARK}`);
  if (at < 0 || !text.startsWith('# Written by papertrail ci init')) return 'foreign';
  const end = text.indexOf('\n', at + 1);
  if (end < 0) return 'edited';
  const hash = text.slice(at + 1 + MARK.length, end);
  return hash === sha256(text.slice(0, at + 1) + text.slice(end + 1)) ? 'ours' : 'edited';
}

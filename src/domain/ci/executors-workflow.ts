// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions' own ${{ }} expressions, written as they appear in a workflow
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { stringify } from 'yaml';
import {
  attemptScript,
  COLLECT_SCRIPT,
  cancelledScript,
  DISPATCH_SCRIPT,
  NEXT_SCRIPT,
  SCHEDULE_SCRIPT,
} from './job-scripts.js';

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
  /** A cron line for a `schedule:` trigger (retries whose backoff had not passed when a run ended). */
  schedule?: string;
}

/** How long the chain job's dispatch may take, in seconds. */
export const DISPATCH_DEADLINE_SECONDS = 30;

const MARK = '# papertrail-ci-init sha256:';

/** The step IDs tests and readers rely on to find a job's scripts. */
export const STEP_IDS = {
  install: 'install',
  schedule: 'schedule',
  attempt: 'attempt',
  cancelled: 'cancelled',
  collect: 'collect',
  next: 'next',
  dispatch: 'dispatch',
} as const;

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
  // `work schedule` reads the plan's issues, and the checks of the pull requests whose CI gate is open,
  // from GitHub with the job's token: reads only, beside the ledger's pushes.
  const forgeRead = { issues: 'read', 'pull-requests': 'read', checks: 'read' } as const;
  const forgeToken = { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' };
  const orchestrate = {
    name: 'Orchestrate',
    'runs-on': o.runsOn,
    permissions: { contents: 'write', ...forgeRead },
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
        env: {
          ...forgeToken,
          PAPERTRAIL_MATRIX_LIMIT: String(MATRIX_LIMIT),
          PAPERTRAIL_PRE_CLAIM: String(o.preClaim),
        },
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
      PAPERTRAIL_TOKEN: '${{ matrix.token }}',
      PAPERTRAIL_LEASE_EXPIRES_AT: '${{ matrix.leaseExpiresAt }}',
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
  // Pushes made with GITHUB_TOKEN start no run, but a dispatch made with it does: the chain job starts
  // the next run once this one has moved the work on.
  const chain = {
    name: 'Start the next run',
    needs: collector ? ['orchestrate', 'execute', 'collect'] : ['orchestrate', 'execute'],
    // After failed attempts too (their retries may be ready), never after a person cancelled the run.
    if: "!cancelled() && needs.orchestrate.result == 'success' && needs.orchestrate.outputs.count != '0'",
    'runs-on': o.runsOn,
    permissions: { contents: 'write', actions: 'write', ...forgeRead },
    steps: [
      ...setup,
      {
        id: STEP_IDS.next,
        name: 'Schedule, and see whether this run moved the work on',
        shell: 'bash',
        env: { ...forgeToken, PAPERTRAIL_MATRIX: `\${{ needs.orchestrate.outputs.matrix }}` },
        run: NEXT_SCRIPT,
      },
      {
        id: STEP_IDS.dispatch,
        name: 'Dispatch the next run',
        if: `steps.${STEP_IDS.next}.outputs.dispatch == 'true'`,
        shell: 'bash',
        env: {
          PAPERTRAIL_DISPATCH_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
          PAPERTRAIL_DISPATCH_REF: '${{ github.event.repository.default_branch || github.ref_name }}',
          PAPERTRAIL_WORKFLOW_FILE: basename(EXECUTORS_WORKFLOW),
          PAPERTRAIL_DISPATCH_DEADLINE: String(DISPATCH_DEADLINE_SECONDS),
        },
        run: DISPATCH_SCRIPT,
      },
    ],
  };
  const workflow = {
    name: 'Papertrail executors',
    on: {
      workflow_dispatch: {},
      push: { branches: [o.ledgerBranch] },
      ...(o.schedule ? { schedule: [{ cron: o.schedule }] } : {}),
    },
    // Nothing by default; each job asks for what it uses.
    permissions: {},
    env: gitIdentity,
    jobs: { orchestrate, execute, ...(collector ? { collect } : {}), chain },
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

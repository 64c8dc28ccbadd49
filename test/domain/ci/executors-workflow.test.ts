// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions' own ${{ }} expressions, written as they appear in a workflow
import { describe, expect, it } from 'vitest';
import {
  type ExecutorsWorkflowOptions,
  executorsWorkflow,
  STEP_IDS,
  workflowOwner,
} from '../../../src/domain/ci/index.js';
import { readWorkflow, stepOf, WORKFLOW_OPTIONS, workflowErrors } from '../../helpers/actions-workflow.js';

const base = WORKFLOW_OPTIONS;

const VARIANTS: ExecutorsWorkflowOptions[] = [
  base,
  { ...base, strategy: 'producer' },
  { ...base, preClaim: true },
  { ...base, strategy: 'producer', preClaim: true, ledgerBranch: 'ops/ledger', runsOn: 'self-hosted' },
  // A command with everything YAML and shell quote differently.
  { ...base, command: `claude -p "$(cat "$PAPERTRAIL_HANDOFF")" # it's: {a: [b]} & *c\n  second line` },
  { ...base, schedule: '*/30 * * * *' },
  { ...base, strategy: 'producer', schedule: '0 6 * JAN-MAR MON-FRI' },
];

describe("the executors' workflow, as GitHub's parser reads it", () => {
  it.each(
    VARIANTS.map((o) => [`${o.strategy}${o.preClaim ? ' pre-claim' : ''} ${o.ledgerBranch}`, o]),
  )('%s: no error', async (_name, o) => {
    expect(await workflowErrors(executorsWorkflow(o))).toEqual([]);
  });

  it('reports a broken workflow, so the check above can fail', async () => {
    const good = executorsWorkflow(base);
    // A job without a runner, and a matrix expression with a context that does not exist there.
    const broken = good
      .replace('    runs-on: ubuntu-latest\n', '')
      .replace('fromJSON(needs.orchestrate.outputs.matrix)', 'fromJSON(steps.schedule.outputs.matrix)');
    const errors = await workflowErrors(broken);
    expect(errors.some((e) => /runs-on/.test(e))).toBe(true);
    expect(errors.some((e) => /steps/.test(e))).toBe(true);
    expect(
      await workflowErrors(
        good.replace('      fail-fast: false\n', '      fail-fast: false\n      bogus: 1\n'),
      ),
    ).toEqual([expect.stringMatching(/Unexpected value 'bogus'/)]);
  });
});

describe("the executors' workflow's structure", () => {
  it('collector: orchestrate → execute (matrix) → collect → chain, each pushing job asking for contents: write', () => {
    const wf = readWorkflow(executorsWorkflow(base));
    expect(Object.keys(wf.jobs)).toEqual(['orchestrate', 'execute', 'collect', 'chain']);
    expect(wf.on).toEqual({ workflow_dispatch: {}, push: { branches: ['papertrail/ledger'] } });
    expect(wf.permissions).toEqual({});
    for (const job of Object.values(wf.jobs)) expect(job.permissions).toMatchObject({ contents: 'write' });
    const { orchestrate, execute, collect } = wf.jobs as Record<
      string,
      NonNullable<(typeof wf.jobs)[string]>
    >;
    expect(orchestrate!.concurrency).toEqual({
      group: 'papertrail-orchestrate',
      'cancel-in-progress': false,
    });
    expect(orchestrate!.outputs).toEqual({
      matrix: '${{ steps.schedule.outputs.matrix }}',
      count: '${{ steps.schedule.outputs.count }}',
    });
    expect(stepOf(orchestrate!, STEP_IDS.schedule).run).toMatch(/^papertrail work schedule --json /);

    expect(execute!.needs).toBe('orchestrate');
    expect(execute!.if).toBe("needs.orchestrate.outputs.count != '0'");
    expect(execute!.strategy).toEqual({
      'fail-fast': false,
      matrix: '${{ fromJSON(needs.orchestrate.outputs.matrix) }}',
    });
    // Keyed by the work item (and its step); never cancelled midway.
    expect(execute!.concurrency).toEqual({
      group: 'papertrail-item-${{ matrix.item }}-${{ matrix.step }}',
      'cancel-in-progress': false,
    });
    expect(execute!.env).toMatchObject({
      PAPERTRAIL_ATTEMPT: '${{ matrix.attempt }}',
      PAPERTRAIL_ITEM: '${{ matrix.item }}',
      PAPERTRAIL_STEP: '${{ matrix.step }}',
      PAPERTRAIL_EXECUTOR: 'gha-${{ github.run_id }}-${{ strategy.job-index }}',
      PAPERTRAIL_COMMAND: './scripts/agent.sh',
    });
    const attempt = stepOf(execute!, STEP_IDS.attempt).run!;
    expect(attempt).toContain(
      'papertrail work claim --attempt "$PAPERTRAIL_ATTEMPT" --executor "$PAPERTRAIL_EXECUTOR" --json',
    );
    expect(attempt).toContain(
      'papertrail work complete "$PAPERTRAIL_ATTEMPT" --token "$token" --ledger-out "$RUNNER_TEMP/papertrail-out"',
    );
    const upload = execute!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload).toMatchObject({
      if: 'always()',
      with: { path: '${{ runner.temp }}/papertrail-out', overwrite: true },
    });

    expect(collect!.needs).toEqual(['orchestrate', 'execute']);
    expect(collect!.if).toMatch(/^always\(\) && /);
    const download = collect!.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toEqual({
      pattern: 'papertrail-handoff-*',
      path: '${{ runner.temp }}/papertrail-handoff',
    });
    expect(stepOf(collect!, STEP_IDS.collect).run).toContain('papertrail work collect "${dirs[@]}"');
  });

  it('producer: no collector, no upload, and complete/fail commit for themselves (no --ledger-out)', () => {
    const text = executorsWorkflow({ ...base, strategy: 'producer' });
    const wf = readWorkflow(text);
    expect(Object.keys(wf.jobs)).toEqual(['orchestrate', 'execute', 'chain']);
    expect(text).not.toContain('--ledger-out');
    expect(text).not.toContain('upload-artifact');
    expect(stepOf(wf.jobs.execute!, STEP_IDS.attempt).run).toContain(
      'papertrail work complete "$PAPERTRAIL_ATTEMPT" --token "$token"\nelse',
    );
  });

  it('every action is pinned to a commit, with its tag beside it; every job installs this version', () => {
    const text = executorsWorkflow({ ...base, version: '1.2.3' });
    const uses = [...text.matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, rest] of uses) {
      expect(ref).toMatch(/^actions\/[\w-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
    const wf = readWorkflow(text);
    for (const job of Object.values(wf.jobs))
      expect(stepOf(job, STEP_IDS.install).run).toBe(
        'npm install --global --no-audit --no-fund papertrail-spec@1.2.3',
      );
  });

  it('the ledger branch from the options, for the trigger and for the checkout on a ledger push', () => {
    const wf = readWorkflow(executorsWorkflow({ ...base, ledgerBranch: 'ops/ledger' }));
    expect(wf.on.push).toEqual({ branches: ['ops/ledger'] });
    const checkout = wf.jobs.orchestrate!.steps[0]!;
    expect(checkout.with?.ref).toBe(
      "${{ github.ref_name == 'ops/ledger' && github.event.repository.default_branch || github.ref }}",
    );
  });

  it('the command is data: it reaches the job environment byte for byte, never a script', () => {
    const command = VARIANTS[4]!.command;
    const text = executorsWorkflow({ ...base, command });
    expect(readWorkflow(text).jobs.execute!.env!.PAPERTRAIL_COMMAND).toBe(command);
    for (const job of Object.values(readWorkflow(text).jobs))
      for (const s of job.steps) expect(s.run ?? '').not.toContain('${{');
  });

  it('--schedule: a schedule trigger beside dispatch and the ledger push; none without it', () => {
    const wf = readWorkflow(executorsWorkflow({ ...base, schedule: '*/30 * * * *' }));
    expect(wf.on).toEqual({
      workflow_dispatch: {},
      push: { branches: ['papertrail/ledger'] },
      schedule: [{ cron: '*/30 * * * *' }],
    });
    expect(readWorkflow(executorsWorkflow(base)).on.schedule).toBeUndefined();
  });

  it('the same options give the same bytes', () => {
    expect(executorsWorkflow({ ...base })).toBe(executorsWorkflow({ ...base }));
  });
});

describe('whose a workflow file is', () => {
  const text = executorsWorkflow(base);
  it('ours as written, edited after any change below the header, foreign without the header', () => {
    expect(workflowOwner(text)).toBe('ours');
    expect(workflowOwner(text.replace('fail-fast: false', 'fail-fast: true'))).toBe('edited');
    expect(workflowOwner(`${text}\n# a note\n`)).toBe('edited');
    expect(workflowOwner(text.replace('the collector strategy', 'the collector strategy, by Ann'))).toBe(
      'edited',
    );
    expect(workflowOwner('name: CI\non: push\n')).toBe('foreign');
    expect(workflowOwner(text.split('\n').slice(1).join('\n'))).toBe('foreign');
  });
});

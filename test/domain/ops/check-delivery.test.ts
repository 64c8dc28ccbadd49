import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkOfDelivery } from '../../../src/domain/ops/index.js';

// GitHub's own webhook examples (@octokit/openapi) read as the check they report; the workflow run
// and check suite payloads, which have no example there, follow GitHub's documented schema.
const EXAMPLES = (
  createRequire(import.meta.url)('@octokit/openapi/generated/api.github.com.json') as {
    components: { examples: Record<string, { value: Record<string, unknown> }> };
  }
).components.examples;
const example = (name: string) => structuredClone(EXAMPLES[name]!.value);
const SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

describe('checkOfDelivery', () => {
  it('reads check runs created, completed and rerequested from GitHub’s examples', () => {
    expect(checkOfDelivery('check_run', 'completed', example('check-run-completed'))).toEqual({
      check: 'Octocoders-linter',
      status: 'completed',
      conclusion: 'success',
      url: 'https://github.com/Codertocat/Hello-World/runs/128620228',
      prs: [2],
      head: SHA,
      repo: 'Codertocat/Hello-World',
    });
    expect(checkOfDelivery('check_run', 'created', example('check-run-created'))).toMatchObject({
      status: 'queued',
      conclusion: null,
    });
    expect(checkOfDelivery('check_run', 'rerequested', example('check-run-rerequested'))).toMatchObject({
      check: 'Octocoders-linter',
    });
    // A requested action moves nothing, nor does an event that is not about checks.
    expect(
      checkOfDelivery('check_run', 'requested_action', example('check-run-requested-action')),
    ).toBeNull();
    expect(checkOfDelivery('push', null, {})).toBeNull();
    expect(checkOfDelivery('check_run', 'completed', { check_run: 'x' })).toBeNull();
  });

  it('reads a workflow run under its workflow’s name, a check suite under its app’s', () => {
    const repository = { full_name: 'acme/shop' };
    const pull_requests = [{ number: 7, head: { sha: SHA } }];
    expect(
      checkOfDelivery('workflow_run', 'completed', {
        action: 'completed',
        workflow_run: {
          name: 'Tests',
          status: 'completed',
          conclusion: 'failure',
          html_url: 'https://github.com/acme/shop/actions/runs/1',
          head_sha: SHA,
          pull_requests,
        },
        repository,
      }),
    ).toEqual({
      check: 'Tests',
      status: 'completed',
      conclusion: 'failure',
      url: 'https://github.com/acme/shop/actions/runs/1',
      prs: [7],
      head: SHA,
      repo: 'acme/shop',
    });
    const suite = checkOfDelivery('check_suite', 'completed', {
      action: 'completed',
      check_suite: {
        app: { name: 'GitHub Actions' },
        status: 'completed',
        conclusion: 'skipped',
        head_sha: SHA,
        pull_requests,
      },
      repository,
    });
    expect(suite).toEqual({
      check: 'GitHub Actions',
      status: 'completed',
      conclusion: 'skipped',
      prs: [7],
      head: SHA,
      repo: 'acme/shop',
    });
    expect(checkOfDelivery('workflow_run', 'requested', { workflow_run: { name: 'Tests' } })).toBeNull();
  });
});
